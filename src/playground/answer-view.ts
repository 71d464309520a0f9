/**
 * What the playground shows of one answer, whichever API gave it: per query a chart of its
 * time series, its tables, or its error. The series of both API shapes are put on one x the
 * same way, so the same query shows the same numbers in both.
 */
import { isPlainObject } from "../json-object.js";
import type { Grid, GridRow, Plot } from "../replay/report-types.js";
import { timeText } from "./dom.js";

export interface QueryView {
  readonly refId: string;
  readonly error?: { readonly message: string; readonly detail?: string };
  readonly plot?: Plot;
  readonly grids: readonly { readonly title: string; readonly grid: Grid }[];
  readonly notes: readonly string[];
}

export interface AnswerView {
  readonly status: number;
  /** The request's own error (bad request, unauthorized), when it has no per-query results. */
  readonly message?: string;
  readonly problems: readonly string[];
  readonly queries: readonly QueryView[];
}

/** A time series as points; y null where there is no number. */
export interface Line {
  readonly label: string;
  readonly points: readonly (readonly [number, number | null])[];
}

export interface TitledGrid {
  readonly title: string;
  readonly grid: Grid;
}

/** A query's view: its lines drawn and put first among its tables as one time series table. */
export function queryView(
  refId: string,
  lines: readonly Line[],
  tables: readonly TitledGrid[],
  notes: readonly string[],
  error: QueryView["error"],
): QueryView {
  const plot = plotOf(lines);
  const grids = plot ? [{ title: "time series", grid: plotGrid(plot) }, ...tables] : tables;
  return { refId, ...(error ? { error } : {}), ...(plot ? { plot } : {}), grids, notes };
}

/** Rows of a grid shown before the rest is counted. */
export const gridRows = 500;

/** The lines on the union of their times (ascending); undefined when there is nothing to draw. */
export function plotOf(lines: readonly Line[]): Plot | undefined {
  const xs = new Set<number>();
  for (const line of lines) for (const [x] of line.points) xs.add(x);
  if (xs.size === 0) return undefined;
  const x = [...xs].sort((a, b) => a - b);
  const at = new Map(x.map((v, i) => [v, i]));
  return {
    time: true,
    x,
    lines: lines.map((line) => {
      const values: (number | null)[] = x.map(() => null);
      for (const [t, y] of line.points) values[at.get(t) as number] = y;
      return { label: line.label, values };
    }),
  };
}

/** The plot as a table: one row per time, one column per line. */
export function plotGrid(plot: Plot): Grid {
  const rows: GridRow[] = plot.x.slice(0, gridRows).map((x, i) => ({
    row: i,
    cells: [
      { text: timeText(x) },
      ...plot.lines.map((l) => ({ text: numberText(l.values[i] ?? null) })),
    ],
  }));
  if (plot.x.length > gridRows) rows.push({ skipped: plot.x.length - gridRows });
  return { columns: ["time (UTC)", ...plot.lines.map((l) => l.label)], rows };
}

export function numberText(value: number | null): string {
  return value === null ? "null" : String(value);
}

/** A finite number, or null (NaN, ±Inf and anything not a number are not drawn). */
export function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A cell of a table as text: times in UTC when `time`, JSON for what is not a scalar. */
export function cellText(value: unknown, time = false): string {
  if (time && typeof value === "number") return timeText(value);
  if (value === null || value === undefined) return "null";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Rows of cells as a grid, the rows past `gridRows` counted. */
export function rowsGrid(columns: readonly string[], rows: readonly (readonly string[])[]): Grid {
  const shown: GridRow[] = rows
    .slice(0, gridRows)
    .map((cells, i) => ({ row: i, cells: cells.map((text) => ({ text })) }));
  if (rows.length > gridRows) shown.push({ skipped: rows.length - gridRows });
  return { columns, rows: shown };
}

/** An answer's results by refId, each read by `read`; the request's error when it has none. */
export function answerView(
  status: number,
  body: unknown,
  read: (refId: string, result: unknown) => QueryView,
): AnswerView {
  if (!isPlainObject(body) || !isPlainObject(body.results)) return requestError(status, body);
  const queries = Object.entries(body.results).map(([refId, result]) => read(refId, result));
  return { status, problems: [], queries };
}

/** The request's own error of an answer without results: its message and bad paths. */
function requestError(status: number, body: unknown): AnswerView {
  const b = isPlainObject(body) ? body : {};
  const problems = Array.isArray(b.errors)
    ? b.errors
        .filter(isPlainObject)
        .map((e) => `${String(e.path ?? "")}: ${String(e.message ?? "")}`)
    : [];
  const message =
    typeof b.message === "string" ? b.message : `the gateway answered ${status} without results`;
  return { status, message, problems, queries: [] };
}
