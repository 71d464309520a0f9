/**
 * The caller's credentials passed on when the datasource says so, as Grafana forwards them:
 * Authorization and X-Id-Token with oauthPassThru, the kept cookies with keepCookies. Grafana
 * sends them unprefixed (older) or as `http_<Name>` (newer SDKs); both are read.
 */

type HeaderMap = Readonly<Record<string, string | readonly string[]>>;

export interface Forwarding {
  /** Forward the caller's Authorization and X-Id-Token (jsonData.oauthPassThru). */
  readonly forwardAuth: boolean;
  /** Cookie names to forward (jsonData.keepCookies). */
  readonly keepCookies: readonly string[];
}

export function forwardedHeaders(forwarding: Forwarding, from: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  if (forwarding.forwardAuth) {
    const auth = headerOf(from, "authorization");
    if (auth) out.Authorization = auth;
    const idToken = headerOf(from, "x-id-token");
    if (idToken) out["X-Id-Token"] = idToken;
  }
  if (forwarding.keepCookies.length > 0) {
    const cookie = keptCookies(headerOf(from, "cookie") ?? "", forwarding.keepCookies);
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
