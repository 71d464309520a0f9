/**
 * A Simple JSON datasource's settings as Grafana stores them (DataSourceHttpSettings):
 * URL, basic auth, custom headers, forwarded credentials, TLS, timeout. Read once per
 * call from the plugin context; secrets stay in the returned object and are never logged.
 */
import { ErrorCode, ShimError } from "../../errors.js";
import type { DatasourceSettings } from "../../model/data.js";
import { upstreamBase } from "./upstream-url.js";

export interface TlsSettings {
  readonly skipVerify: boolean;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly serverName?: string;
}

export interface UpstreamSettings {
  readonly base: URL;
  /** Sent on every call: basic auth and the custom headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Forward the caller's Authorization and X-Id-Token (jsonData.oauthPassThru). */
  readonly forwardAuth: boolean;
  /** Cookie names to forward (jsonData.keepCookies). */
  readonly keepCookies: readonly string[];
  readonly tls: TlsSettings;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Settings that need their own connection pool. */
  readonly poolKey: string;
}

export const defaultTimeoutMs = 30_000;
export const defaultMaxMiB = 64;

type Json = Readonly<Record<string, unknown>>;

/** Throws ShimError(invalid_argument) naming the bad setting. */
export function upstreamSettingsOf(ds: DatasourceSettings | undefined): UpstreamSettings {
  if (ds === undefined) throw settingsError("the request names no datasource");
  const json = ds.jsonData;
  const secure = ds.decryptedSecureJsonData;
  const base = upstreamBase(ds.url);
  const headers = { ...customHeaders(json, secure), ...basicAuth(ds, base) };
  base.username = "";
  base.password = "";
  const tls = tlsOf(json, secure);
  const timeoutMs = secondsSetting(json.timeout, "jsonData.timeout") ?? defaultTimeoutMs;
  const maxMiB = positive(json.maxResponseMiB, "jsonData.maxResponseMiB") ?? defaultMaxMiB;
  return {
    base,
    headers,
    forwardAuth: json.oauthPassThru === true,
    keepCookies: stringList(json.keepCookies),
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
    const fromUrl = decodeURIComponent(base.username);
    return { Authorization: basicHeader(fromUrl, decodeURIComponent(base.password)) };
  }
  return {};
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
function secondsSetting(value: unknown, key: string): number | undefined {
  const seconds = positive(value, key);
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

function positive(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null || value === "" || value === 0) return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) {
    throw settingsError(`${key} must be a positive number, not ${JSON.stringify(value)}`);
  }
  return n;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function settingsError(message: string): ShimError {
  return new ShimError(ErrorCode.InvalidArgument, `Simple JSON settings: ${message}`);
}
