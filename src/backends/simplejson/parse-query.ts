/**
 * A `/query` answer read into series and tables, fixing what the old Go plugin got wrong:
 * table `rows` (and the old `values` key), fractional numbers and nulls kept, several results
 * per target, rows wider than the columns rejected. Any other shape is an error naming where.
 */
import { isPlainObject } from "../../json-object.js";
import type { Cell, Point, Series } from "../../model/legacy.js";
import type { PointColumns } from "./datapoints-text.js";

export interface SimpleTable {
  readonly columns: readonly { readonly text: string; readonly type?: string }[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface QueryAnswer {
  readonly series: (Series | ColumnSeries)[];
  readonly tables: SimpleTable[];
}

/** A series whose datapoints were read as columns; its `points` are made only when asked for. */
export interface ColumnSeries extends Series {
  readonly columns: PointColumns;
}

/** Thrown with the position of the first problem; the caller adds the route. */
export class ShapeError extends Error {}

type Json = Record<string, unknown>;

/** `columns`: datapoints already read from the answer's bytes, by item index (answer-json.ts). */
export function parseQueryAnswer(
  value: unknown,
  columns: ReadonlyMap<number, PointColumns> = noColumns,
): QueryAnswer {
  return parseQueryResults(answerResults(value).entries(), columns);
}

const noColumns: ReadonlyMap<number, PointColumns> = new Map();

/** The answer's list of results; anything else is a ShapeError. */
export function answerResults(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new ShapeError(
      `the answer must be an array of time series and tables, not ${kindOf(value)}`,
    );
  }
  return value;
}

/** Results with their places in the whole answer (which errors name). */
export function parseQueryResults(
  results: Iterable<readonly [number, unknown]>,
  columns: ReadonlyMap<number, PointColumns> = noColumns,
): QueryAnswer {
  const out: QueryAnswer = { series: [], tables: [] };
  for (const [i, item] of results) {
    const at = `[${i}]`;
    if (!isPlainObject(item)) throw new ShapeError(`${at}: must be an object, not ${kindOf(item)}`);
    if (Array.isArray(item.columns) || item.type === "table") out.tables.push(tableOf(item, at));
    else if (item.datapoints !== undefined) out.series.push(seriesOf(item, at, columns.get(i)));
    else {
      throw new ShapeError(
        `${at}: neither a time series {target, datapoints} nor a table {type: "table", columns, rows}`,
      );
    }
  }
  return out;
}

function seriesOf(item: Json, at: string, columns: PointColumns | undefined): Series {
  const { target, datapoints, tags } = item;
  if (target !== undefined && typeof target !== "string" && typeof target !== "number") {
    throw new ShapeError(`${at}.target: must be a string, not ${kindOf(target)}`);
  }
  if (!Array.isArray(datapoints)) {
    throw new ShapeError(
      `${at}.datapoints: must be an array of [value, timestamp], not ${kindOf(datapoints)}`,
    );
  }
  const name = target === undefined ? "" : String(target);
  const labels = tags === undefined ? {} : { tags: tagsOf(tags, `${at}.tags`) };
  if (columns !== undefined) return columnSeries(name, labels, columns);
  return { name, ...labels, points: pointsOf(datapoints, `${at}.datapoints`) };
}

function columnSeries(
  name: string,
  labels: Pick<Series, "tags">,
  columns: PointColumns,
): ColumnSeries {
  let points: Point[] | undefined;
  return {
    name,
    ...labels,
    columns,
    get points() {
      points ??= Array.from(columns.times, (time, i): Point => [columns.values[i] ?? null, time]);
      return points;
    },
  };
}

/** The parsed points themselves where they already are `[value, integer ms]` (no copies of a large answer). */
function pointsOf(datapoints: readonly unknown[], at: string): Point[] {
  let changed: Point[] | undefined;
  for (let j = 0; j < datapoints.length; j++) {
    const raw = datapoints[j];
    const point = pointOf(raw, `${at}[${j}]`);
    if (changed === undefined && point !== raw) changed = datapoints.slice(0, j) as Point[];
    changed?.push(point);
  }
  return changed ?? (datapoints as Point[]);
}

function pointOf(point: unknown, at: string): Point {
  if (!Array.isArray(point) || point.length < 2) {
    throw new ShapeError(`${at}: must be a [value, timestamp] pair, not ${kindOf(point)}`);
  }
  const [value, time] = point as unknown[];
  if (value !== null && typeof value !== "number") {
    const hint =
      typeof value === "string"
        ? " (numbers are JSON numbers; NaN has no JSON form, send null)"
        : "";
    throw new ShapeError(
      `${at}[0]: the value must be a number or null, not ${kindOf(value)}${hint}`,
    );
  }
  if (typeof time !== "number" || !Number.isFinite(time)) {
    const hint =
      typeof time === "string" ? " (timestamps are epoch milliseconds as JSON numbers)" : "";
    throw new ShapeError(`${at}[1]: the timestamp must be a number, not ${kindOf(time)}${hint}`);
  }
  if (point.length === 2 && Number.isSafeInteger(time)) return point as unknown as Point;
  const ms = Math.trunc(time);
  if (!Number.isSafeInteger(ms))
    throw new ShapeError(`${at}[1]: timestamp ${time} is out of range`);
  return [value, ms];
}

function tagsOf(tags: unknown, at: string): Record<string, string> {
  if (!isPlainObject(tags)) throw new ShapeError(`${at}: must be an object, not ${kindOf(tags)}`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (isPlainObject(value) || Array.isArray(value)) {
      throw new ShapeError(`${at}.${key}: must be a string, not ${kindOf(value)}`);
    }
    out[key] = String(value);
  }
  return out;
}

function tableOf(item: Json, at: string): SimpleTable {
  if (!Array.isArray(item.columns)) {
    throw new ShapeError(
      `${at}.columns: must be an array of {text, type}, not ${kindOf(item.columns)}`,
    );
  }
  const columns = item.columns.map((c: unknown, i) => columnOf(c, `${at}.columns[${i}]`));
  const rowsKey = item.rows !== undefined ? "rows" : "values";
  const rows: unknown = item[rowsKey] ?? [];
  if (!Array.isArray(rows))
    throw new ShapeError(`${at}.${rowsKey}: must be an array of rows, not ${kindOf(rows)}`);
  return {
    columns,
    rows: rows.map((row: unknown, r) => rowOf(row, columns.length, `${at}.${rowsKey}[${r}]`)),
  };
}

function columnOf(column: unknown, at: string): SimpleTable["columns"][number] {
  if (typeof column === "string") return { text: column };
  if (!isPlainObject(column))
    throw new ShapeError(`${at}: must be {text, type}, not ${kindOf(column)}`);
  const text = column.text ?? column.name ?? "";
  if (typeof text !== "string")
    throw new ShapeError(`${at}.text: must be a string, not ${kindOf(text)}`);
  return typeof column.type === "string" ? { text, type: column.type } : { text };
}

function rowOf(row: unknown, width: number, at: string): Cell[] {
  if (!Array.isArray(row))
    throw new ShapeError(`${at}: must be an array of cells, not ${kindOf(row)}`);
  if (row.length > width) {
    throw new ShapeError(`${at}: has ${row.length} cells but the table has ${width} columns`);
  }
  const cells = row.map((cell: unknown): Cell => {
    if (
      cell === null ||
      typeof cell === "number" ||
      typeof cell === "string" ||
      typeof cell === "boolean"
    ) {
      return cell;
    }
    return JSON.stringify(cell) ?? null; // objects and arrays as their JSON text
  });
  while (cells.length < width) cells.push(null);
  return cells;
}

/** A bad value, briefly: its type and the start of its JSON. */
export function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  const type = Array.isArray(value)
    ? "an array"
    : typeof value === "object"
      ? "an object"
      : `the ${typeof value}`;
  const text = JSON.stringify(value) ?? "";
  return `${type} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}
