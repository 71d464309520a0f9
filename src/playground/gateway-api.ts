/**
 * The page's calls to its own gateway (same origin, relative URLs only). The gateway's token,
 * when the user gives one, is kept in this tab's sessionStorage (gone when the tab closes, never
 * in a URL or a cookie) and sent as the bearer token the gateway accepts.
 */

const tokenKey = "grafana-shim.playground.token";

export interface Called {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly ms: number;
}

export function savedToken(): string {
  try {
    return sessionStorage.getItem(tokenKey) ?? "";
  } catch {
    return "";
  }
}

export function saveToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(tokenKey, token);
    else sessionStorage.removeItem(tokenKey);
  } catch {
    // Storage refused (a private window's quota): the token lasts until the page reloads.
  }
  memoryToken = token;
}

let memoryToken = "";

export async function callGateway(
  method: "GET" | "POST",
  path: `/api/${string}`,
  body?: unknown,
): Promise<Called> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = savedToken() || memoryToken;
  if (token) headers.Authorization = `Bearer ${token}`;
  const started = performance.now();
  const response = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    credentials: "omit",
    cache: "no-store",
    referrerPolicy: "no-referrer",
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text, ms: performance.now() - started };
}
