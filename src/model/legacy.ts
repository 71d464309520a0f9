/**
 * The legacy (tsdb) data model: what Grafana 5-7 plugins received and answered.
 * Wire-free: protocol converters map to and from these types.
 */
import type { ErrorSource } from "../errors.js";

/** A time range with the raw strings the user chose and their parsed epoch milliseconds. */
export interface TimeRange {
  readonly fromRaw: string;
  readonly toRaw: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** The datasource a request is for, with its JSON settings parsed. */
export interface DatasourceInfo {
  readonly id: number;
  readonly orgId: number;
  readonly uid?: string;
  readonly name: string;
  readonly type: string;
  readonly url: string;
  readonly jsonData: Readonly<Record<string, unknown>>;
  readonly decryptedSecureJsonData: Readonly<Record<string, string>>;
}

/** One query of a request; `model` is the whole query object the frontend posted. */
export interface LegacyQuery {
  readonly refId: string;
  readonly maxDataPoints: number;
  readonly intervalMs: number;
  readonly model: Readonly<Record<string, unknown>>;
}

/** `[value, epochMs]`; a null value is a gap. */
export type Point = readonly [value: number | null, timeMs: number];

export interface Series {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly points: readonly Point[];
}

/**
 * A table cell. The JavaScript type decides the wire kind: number → double,
 * bigint → int64, boolean, string, Uint8Array → bytes, null.
 */
export type Cell = number | bigint | boolean | string | Uint8Array | null;

export interface Table {
  readonly columns: readonly { readonly text: string }[];
  readonly rows: readonly (readonly Cell[])[];
}

/** The answer to one query. A non-empty `error` marks the query as failed. */
export interface LegacyResult {
  readonly refId: string;
  readonly series?: readonly Series[];
  readonly tables?: readonly Table[];
  readonly meta?: unknown;
  readonly error?: string;
  /** Whose fault `error` is; protocol 1 has no place for it, metrics and spans count it. */
  readonly errorSource?: ErrorSource;
}

/** A whole protocol-1 style request. */
export interface LegacyRequest {
  readonly timeRange: TimeRange;
  readonly datasource: DatasourceInfo;
  readonly queries: readonly LegacyQuery[];
}
