/**
 * A Simple JSON datasource's settings as Grafana stores them (DataSourceHttpSettings):
 * URL, basic auth, custom headers, forwarded credentials, TLS, timeout. Read once per
 * call from the plugin context and the caller's headers; the secrets among them stay in the
 * returned object, and `secrets` redacts them from whatever the handler shows.
 */
import type { DatasourceSettings } from "../../model/data.js";
import { datasourceSecrets, headerSecrets, type Secrets } from "../../secrets.js";
import { forwardedHeaders } from "./forwarded-headers.js";
import { settingsError, upstreamBase } from "./upstream-url.js";

export interface TlsSettings {
  readonly skipVerify: boolean;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly serverName?: string;
}

export interface UpstreamSettings {
  readonly base: URL;
  /** Sent on every call: basic auth, the custom headers and the caller's forwarded credentials. */
  readonly headers: Readonly<Record<string, string>>;
  /** Every secret of the settings and of the forwarded credentials, in all their forms. */
  readonly secrets: Secrets;
  readonly tls: TlsSettings;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Settings that need their own connection pool. */
  readonly poolKey: string;
}

export const defaultTimeoutMs = 30_000;
export const defaultMaxMiB = 64;

type Json = Readonly<Record<string, unknown>>;

/**
 * Throws ShimError(invalid_argument) naming the bad setting and the datasource. `caller` are
 * the headers of the request being answered (their credentials are forwarded when the
 * datasource says so).
 */
export function upstreamSettingsOf(
  ds: DatasourceSettings | undefined,
  caller: Readonly<Record<string, string | readonly string[]>> = {},
): UpstreamSettings {
  if (ds === undefined) throw settingsError(ds, "the request names no datasource");
  const json = ds.jsonData;
  const forwarded = forwardedHeaders(
    { forwardAuth: json.oauthPassThru === true, keepCookies: stringList(json.keepCookies) },
    caller,
  );
  // Everything the settings are made of (and their secrets read): equal keys, equal settings.
  const key = JSON.stringify([
    ds.url,
    ds.user,
    ds.basicAuthEnabled,
    ds.basicAuthUser,
    json,
    ds.decryptedSecureJsonData,
    forwarded,
  ]);
  const known = recent.get(key);
  if (known !== undefined) return known;
  const settings = settingsOf(ds, forwarded);
  if (recent.size >= maxRecent) recent.clear();
  recent.set(key, settings);
  return settings;
}

/** Settings read lately: a busy dashboard sends the same datasource's settings with every query. */
const recent = new Map<string, UpstreamSettings>();
const maxRecent = 64;

function settingsOf(ds: DatasourceSettings, forwarded: Record<string, string>): UpstreamSettings {
  const json = ds.jsonData;
  const secure = ds.decryptedSecureJsonData;
  const base = upstreamBase(ds);
  // The caller's token wins over basic auth, as Grafana's forwarding does.
  const headers = { ...customHeaders(json, secure), ...basicAuth(ds, base), ...forwarded };
  base.username = "";
  base.password = "";
  const tls = tlsOf(json, secure);
  const timeoutMs = secondsSetting(json.timeout, "jsonData.timeout", ds) ?? defaultTimeoutMs;
  const maxMiB = positive(json.maxResponseMiB, "jsonData.maxResponseMiB", ds) ?? defaultMaxMiB;
  let secrets: Secrets | undefined;
  return {
    base,
    headers,
    // Made when something is shown (an error, a traced URL), not on every call.
    get secrets() {
      secrets ??= datasourceSecrets(ds).with(headerSecrets(forwarded));
      return secrets;
    },
    tls,
    timeoutMs,
    maxBytes: Math.round(maxMiB * 1024 * 1024),
    poolKey: JSON.stringify([base.origin, tls]),
  };
}

/** jsonData.httpHeaderName<N> with secureJsonData.httpHeaderValue<N>, N = 1, 2, … */
function customHeaders(
  json: Json,
  secure: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(json)) {
    const n = /^httpHeaderName(\d+)$/.exec(key)?.[1];
    if (n === undefined || typeof name !== "string" || name.trim() === "") continue;
    out[name.trim()] = secure[`httpHeaderValue${n}`] ?? "";
  }
  return out;
}

/**
 * basicAuthUser + secure basicAuthPassword when basic auth is on. Protocol 1 (Grafana 6) sends
 * neither the switch nor the user, so jsonData.basicAuthUser stands in there; a user in the URL
 * is the last resort, as Go's HTTP client does.
 */
function basicAuth(ds: DatasourceSettings, base: URL): Record<string, string> {
  const password = ds.decryptedSecureJsonData.basicAuthPassword ?? "";
  const fromJson = typeof ds.jsonData.basicAuthUser === "string" ? ds.jsonData.basicAuthUser : "";
  const user = ds.basicAuthEnabled ? ds.basicAuthUser : fromJson;
  if (user !== "") return { Authorization: basicHeader(user, password) };
  if (base.username !== "") {
    const fromUrl = urlPart(base.username, "user name", ds);
    return { Authorization: basicHeader(fromUrl, urlPart(base.password, "password", ds)) };
  }
  return {};
}

/** A percent-decoded part of the URL's user info; a bad %-escape names the part, never its text. */
function urlPart(text: string, part: string, ds: DatasourceSettings): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw settingsError(
      ds,
      `the ${part} in the datasource URL (url) has a bad %-escape: write a % in it as %25, and other characters as %XX of their UTF-8 bytes`,
    );
  }
}

function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

function tlsOf(json: Json, secure: Readonly<Record<string, string>>): TlsSettings {
  const ca = json.tlsAuthWithCACert === true ? secure.tlsCACert : undefined;
  const client = json.tlsAuth === true;
  const serverName = typeof json.serverName === "string" ? json.serverName : "";
  return {
    skipVerify: json.tlsSkipVerify === true,
    ...(ca ? { ca } : {}),
    ...(client && secure.tlsClientCert ? { cert: secure.tlsClientCert } : {}),
    ...(client && secure.tlsClientKey ? { key: secure.tlsClientKey } : {}),
    ...(serverName ? { serverName } : {}),
  };
}

/** Grafana's timeout field holds seconds, as a number or as text. */
function secondsSetting(value: unknown, key: string, ds: DatasourceSettings): number | undefined {
  const seconds = positive(value, key, ds);
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

function positive(value: unknown, key: string, ds: DatasourceSettings): number | undefined {
  if (value === undefined || value === null || value === "" || value === 0) return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) {
    throw settingsError(ds, `${key} must be a positive number, not ${JSON.stringify(value)}`);
  }
  return n;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
