/**
 * Protocol-2 messages (proto/v2/backend.proto) as protobufjs reads and writes
 * them. Only the converters in this folder see these types.
 */
import type { WireInt64 } from "../grpc/int64.js";

export interface WireUser {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface WireAppSettings {
  jsonData: Uint8Array;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: WireInt64;
  apiVersion: string;
}

export interface WireDatasourceSettings {
  id: WireInt64;
  name: string;
  url: string;
  user: string;
  database: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  jsonData: Uint8Array;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: WireInt64;
  uid: string;
  apiVersion: string;
}

export interface WirePluginContext {
  orgId: WireInt64;
  pluginId: string;
  user?: WireUser | null;
  appInstanceSettings?: WireAppSettings | null;
  dataSourceInstanceSettings?: WireDatasourceSettings | null;
  grafanaConfig: Record<string, string>;
  pluginVersion: string;
  userAgent: string;
  apiVersion: string;
  namespace: string;
}

export const FrameFormat = { ARROW: 0, JSON: 1 } as const;

export interface WireDataQuery {
  refId: string;
  maxDataPoints: WireInt64;
  intervalMS: WireInt64;
  timeRange?: { fromEpochMS: WireInt64; toEpochMS: WireInt64 } | null;
  json: Uint8Array;
  queryType: string;
}

export interface WireQueryDataRequest {
  pluginContext?: WirePluginContext | null;
  headers: Record<string, string>;
  queries: WireDataQuery[];
  format: number;
}

export interface WireDataResponse {
  frames: Uint8Array[];
  error?: string;
  status: number;
  errorSource?: string;
  format: number;
}

export interface WireQueryDataResponse {
  responses: Record<string, WireDataResponse>;
}

export interface WireQueryChunkedDataResponse {
  refId: string;
  frameId: string;
  frame?: Uint8Array;
  error?: string;
  status: number;
  errorSource?: string;
  format: number;
}

export const HealthStatus = { UNKNOWN: 0, OK: 1, ERROR: 2 } as const;

export interface WireCheckHealthRequest {
  pluginContext?: WirePluginContext | null;
  headers: Record<string, string>;
}

export interface WireCheckHealthResponse {
  status: number;
  message: string;
  jsonDetails?: Uint8Array;
}

export interface WireStringList {
  values: string[];
}

export interface WireCallResourceRequest {
  pluginContext?: WirePluginContext | null;
  path: string;
  method: string;
  url: string;
  headers: Record<string, WireStringList>;
  body: Uint8Array;
}

export interface WireCallResourceResponse {
  code: number;
  headers?: Record<string, WireStringList>;
  body?: Uint8Array;
}

export const StreamStatus = { OK: 0, NOT_FOUND: 1, PERMISSION_DENIED: 2 } as const;

export interface WireStreamRequest {
  pluginContext?: WirePluginContext | null;
  path: string;
  data: Uint8Array;
  headers: Record<string, string>;
}

export interface WireStreamResponse {
  status: number;
  data?: Uint8Array;
}
