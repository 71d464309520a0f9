/**
 * The protocol-2 (pluginv2) request model, wire-free: what a frames-style handler
 * receives. Epoch times are milliseconds; JSON settings are parsed.
 */
import type { ErrorSource } from "../errors.js";
import type { Frame } from "./frame.js";

export interface User {
  readonly login: string;
  readonly name: string;
  readonly email: string;
  readonly role: string;
}

/** A datasource's settings as Grafana stores them, secrets decrypted. */
export interface DatasourceSettings {
  readonly id: number;
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly url: string;
  readonly user: string;
  readonly database: string;
  readonly basicAuthEnabled: boolean;
  readonly basicAuthUser: string;
  readonly jsonData: Readonly<Record<string, unknown>>;
  readonly decryptedSecureJsonData: Readonly<Record<string, string>>;
  readonly updatedMs: number;
  readonly apiVersion: string;
}

export interface AppSettings {
  readonly jsonData: Readonly<Record<string, unknown>>;
  readonly decryptedSecureJsonData: Readonly<Record<string, string>>;
  readonly updatedMs: number;
  readonly apiVersion: string;
}

export interface PluginContext {
  readonly orgId: number;
  readonly pluginId: string;
  readonly pluginVersion: string;
  readonly user?: User;
  readonly datasource?: DatasourceSettings;
  readonly app?: AppSettings;
  readonly grafanaConfig: Readonly<Record<string, string>>;
  readonly userAgent: string;
  readonly apiVersion: string;
  readonly namespace: string;
}

export interface DataTimeRange {
  readonly fromMs: number;
  readonly toMs: number;
  /** The texts the caller sent (`1700000000000`, `now-6h`, `5m`): protocol 1 and the gateway; protocol 2 has none. */
  readonly fromRaw?: string;
  readonly toRaw?: string;
}

/** One query of a QueryData request; `json` is the parsed query model. */
export interface DataQuery {
  readonly refId: string;
  readonly queryType: string;
  readonly maxDataPoints: number;
  readonly intervalMs: number;
  readonly timeRange: DataTimeRange;
  readonly json: Readonly<Record<string, unknown>>;
}

export type FrameFormat = "arrow" | "json";

export interface DataRequest {
  readonly pluginContext: PluginContext;
  readonly headers: Readonly<Record<string, string>>;
  readonly queries: readonly DataQuery[];
  readonly format: FrameFormat;
}

/** The answer to one query (`backend.DataResponse`). */
export interface DataResponse {
  readonly frames: readonly Frame[];
  readonly error?: string;
  /** HTTP-like status; 200 when absent and there is no error. */
  readonly status?: number;
  readonly errorSource?: ErrorSource;
}
