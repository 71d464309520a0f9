/**
 * The caller's credentials passed on when the datasource says so, as Grafana forwards them:
 * Authorization and X-Id-Token with oauthPassThru, the kept cookies with keepCookies. Grafana
 * sends them unprefixed (older) or as `http_<Name>` (newer SDKs); both are read.
 */
import type { UpstreamSettings } from "./settings.js";

type HeaderMap = Readonly<Record<string, string | readonly string[]>>;

export function forwardedHeaders(
  settings: UpstreamSettings,
  from: HeaderMap,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (settings.forwardAuth) {
    const auth = headerOf(from, "authorization");
    if (auth) out.Authorization = auth;
    const idToken = headerOf(from, "x-id-token");
    if (idToken) out["X-Id-Token"] = idToken;
  }
  if (settings.keepCookies.length > 0) {
    const cookie = keptCookies(headerOf(from, "cookie") ?? "", settings.keepCookies);
    if (cookie) out.Cookie = cookie;
  }
  return out;
}

function headerOf(from: HeaderMap, name: string): string | undefined {
  for (const [key, value] of Object.entries(from)) {
    const bare = key.toLowerCase().replace(/^http_/, "");
    if (bare === name)
      return typeof value === "string" ? value : value.join(name === "cookie" ? "; " : ", ");
  }
  return undefined;
}

function keptCookies(header: string, keep: readonly string[]): string {
  return header
    .split(";")
    .map((c) => c.trim())
    .filter((c) => c !== "" && keep.includes(c.slice(0, c.indexOf("="))))
    .join("; ");
}
