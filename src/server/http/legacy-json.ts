/**
 * One legacy result as the JSON Grafana's /api/tsdb/query wrote (tsdb.QueryResult):
 * `error`, `refId`, `meta`, `series` (points `[value, ms]`, NaN and ±Inf as null),
 * `tables` (null when none; int64 cells as full integers, bytes as base64),
 * `dataframes`. Written by hand because JSON.stringify cannot write a bigint.
 */
import { ErrorCode, ShimError } from "../../errors.js";
import type { Cell, LegacyResult, Point, Series, Table } from "../../model/legacy.js";

export interface TsdbResult {
  readonly result: LegacyResult;
  /** Base64 Arrow frames, Grafana 7.x style. */
  readonly dataframes?: readonly string[];
  /** Grafana 8.x answers frames only in `dataframes`, with `series` and `tables` null. */
  readonly framesOnly?: boolean;
}

const text = JSON.stringify;

/** Throws a ShimError naming the bad part; the caller makes it the query's error. */
export function tsdbResultJSON({ result, dataframes, framesOnly }: TsdbResult): string {
  let out = "{";
  if (result.error) out += `"error":${text(result.error)},`;
  out += `"refId":${text(result.refId)}`;
  if (result.meta !== undefined) out += `,"meta":${metaJSON(result.meta)}`;
  if (framesOnly) out += `,"series":null,"tables":null`;
  else {
    out += `,"series":[${(result.series ?? []).map((s, i) => seriesJSON(s, `series[${i}]`)).join(",")}]`;
    const tables = result.tables ?? [];
    out += `,"tables":${tables.length ? `[${tables.map((t, i) => tableJSON(t, `tables[${i}]`)).join(",")}]` : "null"}`;
  }
  if (dataframes) out += `,"dataframes":[${dataframes.map((d) => text(d)).join(",")}]`;
  return `${out}}`;
}

function metaJSON(meta: unknown): string {
  try {
    return (
      text(meta, (_key, value) => (typeof value === "bigint" ? value.toString() : value)) ?? "null"
    );
  } catch (thrown) {
    throw bad(`meta cannot be written as JSON: ${(thrown as Error).message}`);
  }
}

function seriesJSON(series: Series, at: string): string {
  if (typeof series !== "object" || series === null || !Array.isArray(series.points)) {
    throw bad(`${at}.points must be an array of [value, timeMs] pairs`);
  }
  const points = series.points.map((p, i) => pointJSON(p, `${at}.points[${i}]`)).join(",");
  // Go writes map keys sorted.
  const tags = Object.entries(series.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const tagsJSON = tags.length
    ? `,"tags":{${tags.map(([k, v]) => `${text(k)}:${text(String(v))}`).join(",")}}`
    : "";
  return `{"name":${text(String(series.name ?? ""))},"points":[${points}]${tagsJSON}}`;
}

function pointJSON(point: Point, at: string): string {
  if (!Array.isArray(point) || point.length !== 2)
    throw bad(`${at} must be a [value, timeMs] pair`);
  const [value, time] = point;
  if (value !== null && typeof value !== "number")
    throw bad(`${at}: value ${text(value)} is not a number or null`);
  if (!Number.isSafeInteger(time))
    throw bad(`${at}: time ${String(time)} is not an integer number of milliseconds`);
  return `[${value !== null && Number.isFinite(value) ? numberJSON(value) : "null"},${time}]`;
}

function tableJSON(table: Table, at: string): string {
  if (
    typeof table !== "object" ||
    table === null ||
    !Array.isArray(table.columns) ||
    !Array.isArray(table.rows)
  ) {
    throw bad(`${at} must have columns and rows arrays`);
  }
  const columns = table.columns.map((c) => `{"text":${text(String(c?.text ?? ""))}}`).join(",");
  const rows = table.rows.map((row, r) => {
    if (!Array.isArray(row)) throw bad(`${at}.rows[${r}] must be an array of cells`);
    return `[${row.map((cell, c) => cellJSON(cell, `${at}.rows[${r}][${c}]`)).join(",")}]`;
  });
  return `{"columns":[${columns}],"rows":[${rows.join(",")}]}`;
}

function cellJSON(cell: Cell, at: string): string {
  if (cell === null) return "null";
  switch (typeof cell) {
    case "number":
      return Number.isFinite(cell) ? numberJSON(cell) : "null";
    case "bigint":
      return cell.toString();
    case "boolean":
      return cell ? "true" : "false";
    case "string":
      return text(cell);
  }
  if (cell instanceof Uint8Array)
    return text(Buffer.from(cell.buffer, cell.byteOffset, cell.byteLength).toString("base64"));
  throw bad(`${at}: ${cell === undefined ? "undefined" : typeof cell} is not a table cell`);
}

/** As Go writes a float64: -0 keeps its sign. */
function numberJSON(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value);
}

function bad(message: string): ShimError {
  return new ShimError(ErrorCode.Handler, `handler answer cannot be sent: ${message}`);
}
