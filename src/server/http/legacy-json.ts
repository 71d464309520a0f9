/**
 * One legacy result as the JSON Grafana's /api/tsdb/query wrote (tsdb.QueryResult):
 * `error`, `refId`, `meta`, `series` (points `[value, ms]`, NaN and ±Inf as null),
 * `tables` (null when none; int64 cells as full integers, bytes as base64),
 * `dataframes`. Written by hand because JSON.stringify cannot write a bigint.
 */
import { ErrorCode, messageOf, ShimError } from "../../errors.js";
import { stringifyExact } from "../../exact-json.js";
import { pairsText } from "../../frames/json/go-numbers.js";
import type { Cell, LegacyResult, Point, Series, Table } from "../../model/legacy.js";

export interface TsdbResult {
  readonly result: LegacyResult;
  /**
   * Series made a frame at a time while they are written (a frames answer: its series take
   * far more memory than its frames), and the tables found meanwhile; used instead of
   * result.series and result.tables.
   */
  readonly stream?: {
    readonly series: Iterable<readonly Series[]>;
    readonly tables: readonly Table[];
  };
  /** Base64 Arrow frames, Grafana 7.x style. */
  readonly dataframes?: readonly string[];
  /** Grafana 8.x answers frames only in `dataframes`, with `series` and `tables` null. */
  readonly framesOnly?: boolean;
}

const text = JSON.stringify;

/** Rows or points written at a time: pieces of about a megabyte of text. */
const sliceRows = 1 << 16;

/**
 * One result's JSON in pieces (long series and tables a slice at a time), for writers that send
 * large answers without holding them as one string. Throws a ShimError naming the bad part
 * while the pieces are read; the caller makes it the query's error.
 */
export function* tsdbResultParts({
  result,
  stream,
  dataframes,
  framesOnly,
}: TsdbResult): Generator<string> {
  let head = "{";
  if (result.error) head += `"error":${text(result.error)},`;
  head += `"refId":${text(result.refId)}`;
  if (result.meta !== undefined) head += `,"meta":${metaJSON(result.meta)}`;
  if (framesOnly) yield `${head},"series":null,"tables":null`;
  else {
    yield `${head},"series":[`;
    let i = 0;
    for (const group of stream?.series ?? [result.series ?? []]) {
      for (const series of group) {
        if (i > 0) yield ",";
        yield* seriesParts(series, `series[${i++}]`);
      }
    }
    const tables = stream?.tables ?? result.tables ?? [];
    if (tables.length === 0) yield `],"tables":null`;
    else {
      yield `],"tables":[`;
      for (const [i, table] of tables.entries()) {
        if (i > 0) yield ",";
        yield* tableParts(table, `tables[${i}]`);
      }
      yield "]";
    }
  }
  if (dataframes) yield `,"dataframes":[${dataframes.map((d) => text(d)).join(",")}]`;
  yield "}";
}

function metaJSON(meta: unknown): string {
  try {
    return stringifyExact(meta, bigintAsText) ?? "null";
  } catch (thrown) {
    throw bad(`meta cannot be written as JSON: ${messageOf(thrown)}`);
  }
}

// Meta bigints go out as decimal strings, as the gateway has always written them.
function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

function* seriesParts(series: Series, at: string): Generator<string> {
  if (typeof series !== "object" || series === null || !Array.isArray(series.points)) {
    throw bad(`${at}.points must be an array of [value, timeMs] pairs`);
  }
  yield `{"name":${text(String(series.name ?? ""))},"points":[`;
  const points = series.points;
  for (let from = 0; from < points.length; from += sliceRows) {
    const slice = points.slice(from, from + sliceRows);
    for (const [i, point] of slice.entries()) checkPoint(point, `${at}.points[${from + i}]`);
    const written = pairsText(slice);
    yield from === 0 ? written : `,${written}`;
  }
  // Go writes map keys sorted.
  const tags = Object.entries(series.tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const tagsJSON = tags.length
    ? `,"tags":{${tags.map(([k, v]) => `${text(k)}:${text(String(v))}`).join(",")}}`
    : "";
  yield `]${tagsJSON}}`;
}

/** Points are written as pairsText writes them: NaN and ±Inf as null, -0 as "-0". */
function checkPoint(point: Point, at: string): void {
  if (!Array.isArray(point) || point.length !== 2)
    throw bad(`${at} must be a [value, timeMs] pair`);
  const [value, time] = point;
  if (value !== null && typeof value !== "number")
    throw bad(`${at}: value ${text(value)} is not a number or null`);
  if (!Number.isSafeInteger(time))
    throw bad(`${at}: time ${String(time)} is not an integer number of milliseconds`);
}

function* tableParts(table: Table, at: string): Generator<string> {
  if (
    typeof table !== "object" ||
    table === null ||
    !Array.isArray(table.columns) ||
    !Array.isArray(table.rows)
  ) {
    throw bad(`${at} must have columns and rows arrays`);
  }
  const columns = table.columns.map((c) => `{"text":${text(String(c?.text ?? ""))}}`).join(",");
  yield `{"columns":[${columns}],"rows":[`;
  const rows = table.rows;
  for (let from = 0; from < rows.length; from += sliceRows) {
    const slice = rows.slice(from, from + sliceRows).map((row, i) => {
      const r = from + i;
      if (!Array.isArray(row)) throw bad(`${at}.rows[${r}] must be an array of cells`);
      return `[${row.map((cell, c) => cellJSON(cell, `${at}.rows[${r}][${c}]`)).join(",")}]`;
    });
    yield from === 0 ? slice.join(",") : `,${slice.join(",")}`;
  }
  yield "]}";
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
