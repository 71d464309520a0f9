/**
 * Protocol-1 messages (proto/legacy/datasource.proto) as protobufjs reads and
 * writes them. Only the converters in this folder see these types.
 */
import type { WireInt64 } from "../grpc/int64.js";

export interface WireTimeRange {
  fromRaw: string;
  toRaw: string;
  fromEpochMs: WireInt64;
  toEpochMs: WireInt64;
}

export interface WireDatasourceInfo {
  id: WireInt64;
  orgId: WireInt64;
  name: string;
  type: string;
  url: string;
  jsonData: string;
  decryptedSecureJsonData: Record<string, string>;
}

export interface WireQuery {
  refId: string;
  maxDataPoints: WireInt64;
  intervalMs: WireInt64;
  modelJson: string;
}

export interface WireDatasourceRequest {
  timeRange?: WireTimeRange | null;
  datasource?: WireDatasourceInfo | null;
  queries: WireQuery[];
}

export const RowKind = {
  NULL: 0,
  DOUBLE: 1,
  INT64: 2,
  BOOL: 3,
  STRING: 4,
  BYTES: 5,
} as const;

export interface WireRowValue {
  kind: number;
  doubleValue?: number;
  int64Value?: WireInt64;
  boolValue?: boolean;
  stringValue?: string;
  bytesValue?: Uint8Array;
}

export interface WireTable {
  columns: { name: string }[];
  rows: { values: WireRowValue[] }[];
}

export interface WireTimeSeries {
  name: string;
  tags: Record<string, string>;
  points: { timestamp: WireInt64; value: number }[];
}

export interface WireQueryResult {
  error: string;
  refId: string;
  metaJson: string;
  series: WireTimeSeries[];
  tables: WireTable[];
}

export interface WireDatasourceResponse {
  results: WireQueryResult[];
}
