/**
 * The HTML replay report's data: the summary rows, and for each fixture that is not ok its
 * differing paths and every series, table or frame they fall in, as a chart of expected
 * against actual (when it holds numbers) and a grid with the differing cells marked.
 */
import { relative } from "node:path";
import { isPlainObject } from "../json-object.js";
import { absent, type Difference, shown } from "./compare.js";
import { parsePath, pathText, type Segment } from "./json-path.js";
import type {
  Grid,
  GridCell,
  GridRow,
  Plot,
  PlotLine,
  ReportModel,
  ReportProblem,
  ReportSubject,
} from "./report-types.js";
import type { FixtureOutcome } from "./run.js";

/** Paths listed per problem; the rest are counted. */
const listedPaths = 50;
const subjectsPerProblem = 8;
/** Rows shown around each differing row, and at most in one grid. */
const contextRows = 2;
const shownRows = 200;
/** Rows shown of a subject whose differences are not in its cells (a name, a label). */
const headRows = 10;
/** Columns drawn in one chart, each as an expected and an actual line. */
const drawnLines = 6;
const drawable = 1e300;

type Kind = "series" | "tables" | "frames";
const kinds: Readonly<Record<string, Kind>> = {
  series: "series",
  tables: "tables",
  frames: "frames",
  dataframes: "frames",
};

export function reportModel(
  outcomes: readonly FixtureOutcome[],
  target: string,
  cwd: string,
  now = new Date(),
): ReportModel {
  const name = (file: string) => relative(cwd, file) || file;
  return {
    target,
    createdAt: now.toISOString(),
    rows: outcomes.map((o) => ({
      fixture: name(o.file),
      protocol: o.protocol ?? "-",
      verdict: o.verdict,
      ms: Math.round(o.ms * 10) / 10,
    })),
    problems: outcomes.filter((o) => o.verdict !== "ok").map((o) => problemOf(o, name(o.file))),
  };
}

function problemOf(o: FixtureOutcome, fixture: string): ReportProblem {
  const found = o.details?.differences ?? (o.difference ? [o.difference] : []);
  return {
    fixture,
    verdict: o.verdict,
    ...(o.message === undefined ? {} : { message: o.message }),
    paths: found.slice(0, listedPaths).map((d) => ({
      path: d.path,
      expected: shown(d.expected),
      actual: shown(d.actual),
    })),
    morePaths: Math.max(0, found.length - listedPaths),
    subjects: o.details ? subjectsOf(found, o.details.expected, o.details.actual) : [],
  };
}

interface Place {
  readonly kind: Kind;
  readonly at: readonly Segment[];
  /** Paths of the differences inside it, relative to it. */
  readonly inside: Segment[][];
}

/** The series, tables and frames the differences fall in, in order of the first one. */
export function subjectsOf(
  found: readonly Difference[],
  expected: unknown,
  actual: unknown,
): ReportSubject[] {
  const places = new Map<string, Place>();
  for (const d of found) {
    const path = parsePath(d.path);
    if (!path) continue;
    const at = placeIn(path);
    if (!at) continue;
    const key = pathText(at.path);
    let place = places.get(key);
    if (!place) {
      if (places.size === subjectsPerProblem) continue;
      place = { kind: at.kind, at: at.path, inside: [] };
      places.set(key, place);
    }
    place.inside.push(path.slice(at.path.length));
  }
  return [...places.values()].map((p) => {
    const e = valueAt(expected, p.at);
    const a = valueAt(actual, p.at);
    return subjectOf(p, e, a);
  });
}

/** The innermost `series[i]`, `tables[i]`, `frames[i]` or `dataframes[i]` of a path. */
function placeIn(path: readonly Segment[]): { kind: Kind; path: Segment[] } | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    const key = path[i];
    const kind = typeof key === "string" ? kinds[key] : undefined;
    if (kind && typeof path[i + 1] === "number") return { kind, path: path.slice(0, i + 2) };
  }
  return undefined;
}

/** The value at a report path; its first segment ("response") is the root itself. */
function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let value = root;
  for (const segment of path.slice(1)) {
    if (typeof value !== "object" || value === null) return absent;
    const next: unknown = (value as Record<string | number, unknown>)[segment];
    if (next === undefined) return absent;
    value = next;
  }
  return value;
}

/** A subject's columns, row count, cell values and numeric lines, read the same on both sides. */
interface Shape {
  readonly columns: readonly string[];
  readonly rowCount: number;
  cell(row: number, column: number): unknown;
  readonly name: string;
  /** The x of each row (epoch ms) when the subject has times. */
  readonly times?: readonly unknown[];
  /** Columns drawn as lines. */
  readonly numeric: readonly number[];
  readonly timeColumn?: number;
}

function subjectOf(place: Place, e: unknown, a: unknown): ReportSubject {
  const read = shapeReaders[place.kind];
  const expected = read(e);
  const actual = read(a);
  const main = e === absent ? actual : expected;
  const marks = cellMarks(place);
  // A subject on one side only differs whole.
  if (e === absent || a === absent) marks.whole = true;
  const plot = plotOf(main, expected, actual, drawnColumns(main, marks));
  const name = main.name === "" ? "" : ` "${main.name}"`;
  return {
    title: `${pathText(place.at)}: ${nouns[place.kind]}${name}${sideNote(e, a)}`,
    ...(plot ? { plot } : {}),
    grid: gridOf(main, expected, actual, marks),
  };
}

function sideNote(e: unknown, a: unknown): string {
  if (e === absent) return " (only in the actual answer)";
  if (a === absent) return " (only in the expected answer)";
  return "";
}

const emptyShape: Shape = { columns: [], rowCount: 0, cell: () => absent, name: "", numeric: [] };

/** A legacy series: `{name, tags?, points: [[value, time], …]}`. */
function seriesShape(value: unknown): Shape {
  if (!isPlainObject(value)) return emptyShape;
  const points = Array.isArray(value.points) ? (value.points as unknown[]) : [];
  const at = (row: number, i: number) => {
    const point = points[row];
    return Array.isArray(point) && i < point.length ? point[i] : absent;
  };
  return {
    columns: ["time", "value"],
    rowCount: points.length,
    cell: (row, column) => at(row, column === 0 ? 1 : 0),
    name: typeof value.name === "string" ? value.name : "",
    times: points.map((_p, row) => at(row, 1)),
    numeric: [1],
    timeColumn: 0,
  };
}

/** A legacy table: `{columns: [name | {text}], rows: [[cell, …], …]}`. */
function tableShape(value: unknown): Shape {
  if (!isPlainObject(value)) return emptyShape;
  const columns = Array.isArray(value.columns) ? (value.columns as unknown[]) : [];
  const rows = Array.isArray(value.rows) ? (value.rows as unknown[]) : [];
  return {
    columns: columns.map((c) => (isPlainObject(c) ? String(c.text ?? "") : String(c))),
    rowCount: rows.length,
    cell: (row, column) => {
      const r = rows[row];
      return Array.isArray(r) && column < r.length ? r[column] : absent;
    },
    name: "",
    numeric: [],
  };
}

const numericTypes = /^(u?int\d+|float\d+)$/;

/** A frame in comparable form: `{name, fields: [{name, type, labels?, values, nanos?}]}`. */
function frameShape(value: unknown): Shape {
  if (!isPlainObject(value)) return emptyShape;
  const fields = (Array.isArray(value.fields) ? (value.fields as unknown[]) : []).filter(
    isPlainObject,
  );
  const valuesOf = (f: Record<string, unknown>) =>
    Array.isArray(f.values) ? (f.values as unknown[]) : [];
  const timeColumn = fields.findIndex((f) => f.type === "time");
  const time = fields[timeColumn];
  return {
    columns: fields.map(fieldTitle),
    rowCount: Math.max(0, ...fields.map((f) => valuesOf(f).length)),
    cell: (row, column) => {
      const field = fields[column];
      const values = field ? valuesOf(field) : [];
      return row < values.length ? values[row] : absent;
    },
    name: typeof value.name === "string" ? value.name : "",
    ...(time ? { times: valuesOf(time), timeColumn } : {}),
    numeric: fields.flatMap((f, i) => (numericTypes.test(String(f.type)) ? [i] : [])),
  };
}

function fieldTitle(field: Record<string, unknown>): string {
  const labels = isPlainObject(field.labels)
    ? Object.entries(field.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    : [];
  return `${String(field.name ?? "")}${labels.length ? ` {${labels.join(", ")}}` : ""}`;
}

/** The cells the differences name: the whole subject, whole columns, or cells by row. */
interface Marks {
  whole: boolean;
  readonly columns: Set<number>;
  /** Row → its marked columns, or "all" for a row that differs whole. */
  readonly rows: Map<number, Set<number> | "all">;
}

function cellMarks(place: Place): Marks {
  const marks: Marks = { whole: false, columns: new Set(), rows: new Map() };
  for (const rel of place.inside) {
    const cell = cellOf(place.kind, rel);
    if (cell === "whole") marks.whole = true;
    else if (cell === undefined) continue;
    else if ("column" in cell) marks.columns.add(cell.column);
    else {
      const now = marks.rows.get(cell.row);
      if (now === "all") continue;
      if (cell.cell === "all") marks.rows.set(cell.row, "all");
      else marks.rows.set(cell.row, (now ?? new Set()).add(cell.cell));
    }
  }
  return marks;
}

type CellAt = { readonly row: number; readonly cell: number | "all" } | { readonly column: number };

/** Which cells a path inside a subject names; "whole" for the subject itself. */
function cellOf(kind: Kind, rel: readonly Segment[]): CellAt | "whole" | undefined {
  if (rel.length === 0) return "whole";
  const [a, b, c, d] = rel;
  if (kind === "series" && a === "points" && typeof b === "number")
    return { row: b, cell: c === undefined ? "all" : c === 1 ? 0 : 1 };
  if (kind === "tables" && a === "rows" && typeof b === "number")
    return { row: b, cell: typeof c === "number" ? c : "all" };
  if (kind === "frames" && a === "fields" && typeof b === "number") {
    if ((c === "values" || c === "nanos") && typeof d === "number") return { row: d, cell: b };
    // A field that differs as a whole (missing, another type): its column in every row.
    if (c === undefined || c === "values" || c === "type") return { column: b };
  }
  return undefined;
}

function gridOf(main: Shape, expected: Shape, actual: Shape, marks: Marks): Grid {
  const rowCount = Math.max(expected.rowCount, actual.rowCount);
  const changedAt = (row: number, column: number) => {
    if (marks.whole || marks.columns.has(column)) return true;
    const m = marks.rows.get(row);
    return m === "all" || m?.has(column) === true;
  };
  const wanted = new Set<number>();
  const broad = marks.whole || marks.columns.size > 0;
  if (broad || marks.rows.size === 0) {
    for (let r = 0; r < Math.min(rowCount, broad ? shownRows : headRows); r++) wanted.add(r);
  }
  for (const r of [...marks.rows.keys()].sort((x, y) => x - y)) {
    for (let c = r - contextRows; c <= r + contextRows; c++)
      if (c >= 0 && c < rowCount && wanted.size < shownRows) wanted.add(c);
  }
  const rows: GridRow[] = [];
  let last = -1;
  for (const r of [...wanted].sort((x, y) => x - y)) {
    if (r > last + 1) rows.push({ skipped: r - last - 1 });
    rows.push({
      row: r,
      cells: main.columns.map((_c, column) =>
        cellAt(main, expected, actual, r, column, changedAt(r, column)),
      ),
    });
    last = r;
  }
  if (rowCount > last + 1) rows.push({ skipped: rowCount - last - 1 });
  return { columns: main.columns, rows };
}

function cellAt(
  main: Shape,
  expected: Shape,
  actual: Shape,
  row: number,
  column: number,
  changed: boolean,
): GridCell {
  const asText = (shape: Shape) => cellText(shape.cell(row, column), column === main.timeColumn);
  if (!changed) return { text: asText(main) };
  const e = asText(expected);
  const a = asText(actual);
  return { text: a, changed: { expected: e, actual: a } };
}

function cellText(value: unknown, time: boolean): string {
  if (value === absent) return "(absent)";
  if (time && typeof value === "number" && Number.isFinite(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  }
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return String(value);
  return shown(value, 120);
}

/** The numeric columns with a differing cell; all of them when the difference is not in cells. */
function drawnColumns(main: Shape, marks: Marks): number[] {
  const named = new Set(marks.columns);
  for (const cells of marks.rows.values())
    for (const c of cells === "all" ? main.numeric : cells) named.add(c);
  const differing = main.numeric.filter((c) => named.has(c));
  return (differing.length > 0 && !marks.whole ? differing : main.numeric).slice(0, drawnLines);
}

/** Expected and actual lines of the given numeric columns over a shared x. */
function plotOf(
  main: Shape,
  expected: Shape,
  actual: Shape,
  columns: readonly number[],
): Plot | undefined {
  if (columns.length === 0) return undefined;
  const xOf = (shape: Shape, row: number) => (shape.times ? toNumber(shape.times[row]) : row);
  const xs = new Set<number>();
  for (const shape of [expected, actual])
    for (let r = 0; r < shape.rowCount; r++) {
      const x = xOf(shape, r);
      if (x !== null) xs.add(x);
    }
  if (xs.size === 0) return undefined;
  const x = [...xs].sort((p, q) => p - q);
  const index = new Map(x.map((v, i) => [v, i]));
  const lines: PlotLine[] = [];
  for (const column of columns) {
    const title = main.columns[column] === "value" && main.name ? main.name : main.columns[column];
    for (const [role, shape] of [
      ["expected", expected],
      ["actual", actual],
    ] as const) {
      if (shape.rowCount === 0) continue;
      const values: (number | null)[] = x.map(() => null);
      for (let r = 0; r < shape.rowCount; r++) {
        const at = index.get(xOf(shape, r) ?? Number.NaN);
        if (at !== undefined) values[at] = toNumber(shape.cell(r, column));
      }
      lines.push({ label: `${title} (${role})`, values, role });
    }
  }
  return { time: main.times !== undefined, x, lines };
}

const shapeReaders: Readonly<Record<Kind, (value: unknown) => Shape>> = {
  series: seriesShape,
  tables: tableShape,
  frames: frameShape,
};
const nouns: Readonly<Record<Kind, string>> = {
  series: "series",
  tables: "table",
  frames: "frame",
};

/** A number a chart can scale to: near the largest doubles, uPlot's axis range overflows. */
function toNumber(value: unknown): number | null {
  const n = typeof value === "bigint" ? Number(value) : value;
  return typeof n === "number" && Math.abs(n) < drawable ? n : null;
}
