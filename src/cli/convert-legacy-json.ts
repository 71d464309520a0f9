/**
 * A legacy result from /api/tsdb/query JSON: series `{name, tags?, points}` (or Simple JSON's
 * `{target, datapoints}`), tables `{columns:[{text}], rows}`. Cells: JSON scalars, integers
 * beyond 2^53 as int64 (bigint), protocol-1 RowValue objects as their kind. The adapters
 * check the rest and name the JSON path of a problem.
 */
import { badInput, describe } from "../adapters/bad-input.js";
import { rowValueFromJSON } from "../adapters/legacy-cells.js";
import { isPlainObject } from "../json-object.js";
import type { Cell, LegacyResult, Point, Series, Table } from "../model/legacy.js";

export function legacyResultFromJSON(
  value: Readonly<Record<string, unknown>>,
  refId: string,
  at: string,
): LegacyResult {
  const error = optionalString(value.error, `${at}.error`);
  return {
    refId,
    series: listOf(value.series, `${at}.series`).map((s, i) =>
      seriesFromJSON(s, `${at}.series[${i}]`),
    ),
    tables: listOf(value.tables, `${at}.tables`).map((t, i) =>
      tableFromJSON(t, `${at}.tables[${i}]`),
    ),
    ...(value.meta !== undefined && value.meta !== null && { meta: value.meta }),
    ...(error !== undefined && error !== "" && { error }),
  };
}

/** null and a missing key are no items, as Grafana writes `"tables": null`. */
function listOf(value: unknown, at: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badInput(at, `must be an array, not ${describe(value)}`);
  return value;
}

function optionalString(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null || typeof value === "string") return value ?? undefined;
  throw badInput(at, `must be a string, not ${describe(value)}`);
}

function seriesFromJSON(value: unknown, at: string): Series {
  if (!isPlainObject(value)) return value as Series;
  const name = value.name ?? value.target;
  const points = value.points ?? value.datapoints;
  const tags = value.tags === null ? undefined : value.tags;
  return {
    name: name as string,
    ...(tags !== undefined && { tags: tags as Series["tags"] & object }),
    points: Array.isArray(points)
      ? points.map((p, j) => pointFromJSON(p, `${at}.points[${j}]`))
      : (points as Point[]),
  };
}

/** A value beyond 2^53 was read as bigint; series values are doubles. */
function pointFromJSON(point: unknown, _at: string): Point {
  if (!Array.isArray(point) || typeof point[0] !== "bigint") return point as unknown as Point;
  return [Number(point[0]), point[1]] as Point;
}

function tableFromJSON(value: unknown, at: string): Table {
  if (!isPlainObject(value) || !Array.isArray(value.rows)) return value as unknown as Table;
  const rows = value.rows.map((row: unknown, r) =>
    Array.isArray(row) ? row.map((cell, c) => cellFromJSON(cell, `${at}.rows[${r}][${c}]`)) : row,
  );
  const width = Array.isArray(value.columns) ? value.columns.length : 0;
  for (let c = 0; c < width; c++) widenIntegers(rows, c);
  return { columns: value.columns, rows } as Table;
}

/**
 * JSON cannot tell int64 from double: a column whose numbers are all integers and one of
 * them needs int64 (beyond 2^53) is read as int64 throughout, not as a mix of kinds.
 */
function widenIntegers(rows: unknown[], column: number): void {
  const cells = rows.map((row) => (Array.isArray(row) ? row[column] : undefined));
  const numbers = cells.filter((cell) => typeof cell === "number" || typeof cell === "bigint");
  if (!numbers.some((cell) => typeof cell === "bigint")) return;
  if (!numbers.every((cell) => typeof cell === "bigint" || Number.isSafeInteger(cell))) return;
  for (const row of rows) {
    if (Array.isArray(row) && typeof row[column] === "number") row[column] = BigInt(row[column]);
  }
}

function cellFromJSON(value: unknown, at: string): Cell {
  if (!isPlainObject(value)) return value as Cell;
  const cell = rowValueFromJSON(value);
  if (cell === undefined) {
    throw badInput(
      at,
      `${describe(value)} is not a table cell: a JSON scalar, or a protocol-1 RowValue object whose value fits its kind`,
    );
  }
  return cell;
}
