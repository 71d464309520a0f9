/** Legacy results into `models.QueryResult` (docs/protocol.md#protocol-1-in-practice). */
import { ErrorCode, messageOf, ShimError } from "../../errors.js";
import type { Cell, LegacyResult, Point, Series, Table } from "../../model/legacy.js";
import { wellFormed } from "../../well-formed.js";
import { bigIntToInt64 } from "../grpc/int64.js";
import {
  RowKind,
  type WireQueryResult,
  type WireRowValue,
  type WireTable,
  type WireTimeSeries,
} from "./wire.js";

export interface ResultOptions {
  /** How a null (or NaN, ±Inf) point goes out: NaN (Grafana >= 6.4 shows null) or left out. */
  readonly nullPoints: "nan" | "omit";
}

/** Throws a ShimError naming the bad part; the caller makes it the query's error. */
export function queryResultToProto(result: LegacyResult, options: ResultOptions): WireQueryResult {
  return {
    refId: wellFormed(result.refId),
    error: wellFormed(result.error),
    metaJson: metaJson(result.meta),
    series: (result.series ?? []).map((s, i) => seriesToProto(s, `series[${i}]`, options)),
    tables: (result.tables ?? []).map((t, i) => tableToProto(t, `tables[${i}]`)),
  };
}

/** At most a point's protobuf bytes: tag and length, timestamp varint (up to 10), double. */
const pointBytes = 24;
/** At most a cell's protobuf bytes besides its string or bytes: tag, length, kind, an int64. */
const cellBytes = 18;

const fieldBytes = (text: string) => 6 + Buffer.byteLength(text);

/** An upper bound of a result's protobuf size, without encoding it (for the answer budget). */
export function queryResultBytes(result: WireQueryResult): number {
  let bytes = fieldBytes(result.refId) + fieldBytes(result.error) + fieldBytes(result.metaJson);
  for (const series of result.series) {
    bytes += fieldBytes(series.name) + series.points.length * pointBytes;
    for (const [key, value] of Object.entries(series.tags))
      bytes += 6 + fieldBytes(key) + fieldBytes(value);
  }
  for (const table of result.tables) {
    for (const column of table.columns) bytes += 6 + fieldBytes(column.name);
    for (const row of table.rows) {
      bytes += 6;
      for (const cell of row.values)
        bytes +=
          cellBytes +
          (cell.stringValue === undefined ? 0 : fieldBytes(cell.stringValue)) +
          (cell.bytesValue?.byteLength ?? 0);
    }
  }
  return bytes;
}

/** An error-only result, for queries that never reached the handler or failed in conversion. */
export function errorResultToProto(refId: string, error: string): WireQueryResult {
  return {
    refId: wellFormed(refId),
    error: wellFormed(error),
    metaJson: "",
    series: [],
    tables: [],
  };
}

function metaJson(meta: unknown): string {
  if (meta === undefined) return "";
  try {
    return JSON.stringify(meta) ?? "";
  } catch (thrown) {
    const reason = messageOf(thrown);
    throw new ShimError(ErrorCode.Handler, `meta cannot be written as JSON: ${reason}`);
  }
}

function seriesToProto(series: Series, at: string, options: ResultOptions): WireTimeSeries {
  if (!Array.isArray(series.points)) throw bad(`${at}.points must be an array`);
  const points: WireTimeSeries["points"] = [];
  series.points.forEach((point, i) => {
    const [value, timestamp] = checkPoint(point, `${at}.points[${i}]`);
    // Grafana < 6.4 (the reason for "omit") also fails the whole answer on a NaN point.
    const isNull = value === null || !Number.isFinite(value);
    if (isNull && options.nullPoints === "omit") return;
    points.push({ timestamp, value: isNull ? Number.NaN : value });
  });
  return { name: wellFormed(series.name), tags: tagsToProto(series.tags), points };
}

function tagsToProto(tags: Series["tags"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) out[wellFormed(key)] = wellFormed(value);
  return out;
}

function checkPoint(point: Point, at: string): Point {
  if (!Array.isArray(point) || point.length !== 2)
    throw bad(`${at} must be a [value, timeMs] pair`);
  const [value, timestamp] = point;
  if (value !== null && typeof value !== "number")
    throw bad(`${at}: value ${shown(value)} is not a number or null`);
  if (!Number.isSafeInteger(timestamp))
    throw bad(`${at}: time ${String(timestamp)} is not an integer number of milliseconds`);
  return point;
}

/** A bad value as the error shows it; JSON.stringify alone throws on a bigint. */
function shown(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}

function tableToProto(table: Table, at: string): WireTable {
  if (!Array.isArray(table?.columns) || !Array.isArray(table.rows)) {
    throw bad(`${at} needs a columns array and a rows array`);
  }
  const width = table.columns.length;
  return {
    columns: table.columns.map((c) => ({ name: wellFormed(c?.text) })),
    rows: table.rows.map((row, r) => {
      if (!Array.isArray(row) || row.length !== width) {
        throw bad(
          `${at}.rows[${r}] has ${Array.isArray(row) ? row.length : "no"} cells but the table has ${width} columns`,
        );
      }
      return { values: row.map((cell, c) => cellToProto(cell, `${at}.rows[${r}][${c}]`)) };
    }),
  };
}

const nullCell: WireRowValue = { kind: RowKind.NULL };

/** One encoder per JavaScript type: the type of a cell decides its wire kind. */
const cellEncoders: { [T in string]?: (value: never, at: string) => WireRowValue } = {
  // Grafana cannot write NaN or ±Inf cells as JSON and fails the whole answer, so they go out as null.
  number: (v: number) => (Number.isFinite(v) ? { kind: RowKind.DOUBLE, doubleValue: v } : nullCell),
  bigint: (v: bigint, at) => ({ kind: RowKind.INT64, int64Value: bigIntToInt64(v, at) }),
  boolean: (v: boolean) => ({ kind: RowKind.BOOL, boolValue: v }),
  string: (v: string) => ({ kind: RowKind.STRING, stringValue: v.toWellFormed() }),
  undefined: () => nullCell,
  object: (v: object | null, at) => {
    if (v === null) return nullCell;
    if (v instanceof Uint8Array) return { kind: RowKind.BYTES, bytesValue: v };
    throw bad(
      `${at}: a ${v.constructor?.name ?? "object"} cannot be a table cell (use number, bigint, boolean, string, Uint8Array or null)`,
    );
  },
};

function cellToProto(cell: Cell, at: string): WireRowValue {
  const encode = cellEncoders[typeof cell];
  if (!encode) throw bad(`${at}: a ${typeof cell} cannot be a table cell`);
  return encode(cell as never, at);
}

function bad(message: string): ShimError {
  return new ShimError(ErrorCode.Handler, message);
}
