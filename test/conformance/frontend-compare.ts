/**
 * What Grafana's frontend shows of a legacy answer, from Grafana's own conversions and from
 * the shim's, compared after frontend-differences.ts and nothing else.
 */
import assert from "node:assert/strict";
import { framesToLegacy, seriesToFrames, tableToFrame } from "../../src/adapters/index.js";
import type { Frame } from "../../src/model/frame.js";
import type { Cell, Series, Table } from "../../src/model/legacy.js";
import { frontendDifferences as differ } from "./frontend-differences.js";
import {
  type FrontendField,
  type FrontendFrame,
  type FrontendVersion,
  valuesOf,
} from "./grafana-frontend.js";

export type SeriesConverter = (series: readonly Series[], layout: "untyped" | "multi") => Frame[];
export type TableConverter = (table: Table) => Frame;

export const shimSeries: SeriesConverter = (series, layout) => seriesToFrames(series, { layout });
export const shimTable: TableConverter = (table) => tableToFrame(table);

/** A series as shown: its frame's name, the value field's display name, labels, data. */
interface SeriesView {
  readonly frameName?: string;
  readonly types: string[];
  readonly displayName: string;
  readonly labels: Record<string, string>;
  readonly times: unknown[];
  readonly values: unknown[];
}

function seriesView(frame: FrontendFrame, all: FrontendFrame[], g: FrontendVersion): SeriesView {
  const time = frame.fields.find((f) => f.type === "time");
  const value = frame.fields.find((f) => f.type !== "time");
  return {
    frameName: differ.frameName(frame.name),
    types: frame.fields.map((f) => f.type),
    displayName: value === undefined ? "" : g.getFieldDisplayName(value, frame, all),
    labels: value === undefined ? {} : differ.labels(value),
    times: time === undefined ? [] : valuesOf(time).map(differ.time),
    values: value === undefined ? [] : valuesOf(value),
  };
}

export function assertSameSeries(
  g: FrontendVersion,
  series: readonly Series[],
  layout: "untyped" | "multi",
  convert: SeriesConverter = shimSeries,
): void {
  const theirs = series.map((s) => g.toDataFrame({ ...s, points: s.points.map((p) => [...p]) }));
  const expected = theirs.map((frame, i) => {
    const view = seriesView(frame, theirs, g);
    return { ...view, displayName: differ.expectedDisplayName(series[i]!, view.displayName) };
  });
  const frames = convert(series, layout).filter(differ.showsData);
  const read = frames.map((frame) => {
    const decoded = g.read(frame);
    return frame.meta?.type === undefined ? differ.frontendFieldNames(decoded) : decoded;
  });
  const actual = read.map((frame) => seriesView(frame, read, g));
  const named = frames.map((frame) => differ.comparesFrameName(frame.meta?.type));
  const shown = (views: SeriesView[]) =>
    views.map(({ frameName, ...view }, i) => (named[i] === false ? view : { frameName, ...view }));
  assert.deepStrictEqual(shown(actual), shown(expected));
}

interface ColumnView {
  readonly name: string;
  readonly displayName: string;
  readonly cells: unknown[];
}

function tableView(frame: FrontendFrame, g: FrontendVersion): ColumnView[] {
  return frame.fields.map((f) => ({
    name: f.name ?? "", // apache-arrow 0.16 reads "" as null
    displayName: g.getFieldDisplayName(f, frame),
    cells: valuesOf(f).map((cell) => differ.frontendCell(cell, f.type)),
  }));
}

export function assertSameTable(
  g: FrontendVersion,
  table: Table,
  convert: TableConverter = shimTable,
): void {
  const rows = table.rows.map((row) => row.map(differ.legacyCell));
  const theirs = g.toDataFrame({ columns: table.columns.map((c) => ({ ...c })), rows });
  const frame = convert(table);
  const read = differ.showsData(frame) ? g.read(frame) : { length: 0, fields: [] };
  const types = theirs.fields.map((f) => f.type);
  const ours = tableView(read, g).map((column, i) => {
    const shimType = read.fields[i]!.type;
    const shown = column.displayName;
    const displayName = differ.columnDisplayName(shown, column.name, types[i] ?? "", shimType);
    return { ...column, displayName };
  });
  assert.deepStrictEqual(ours, tableView(theirs, g));
  read.fields.forEach((field, i) => {
    const guess = types[i]!;
    if (field.type === guess) return;
    const cells = table.rows.map((row) => row[i] ?? null);
    const allowed = differ.typeGuesses.some(
      (rule) =>
        (rule.grafana === "*" || rule.grafana === guess) &&
        (rule.shim === "*" || rule.shim === field.type) &&
        rule.when(cells),
    );
    assert.ok(allowed, `column ${i}: Grafana guesses ${guess}, the shim gives ${field.type}`);
  });
}

export type LegacyConverter = (frames: readonly Frame[]) => { series: Series[]; tables: Table[] };

/** Each shim frame back to legacy, by the shim and by toLegacyResponseData. */
export function assertSameLegacy(
  g: FrontendVersion,
  frames: readonly Frame[],
  convert: LegacyConverter = framesToLegacy,
): void {
  for (const frame of frames.filter(differ.showsData)) {
    const read = g.read(frame);
    const theirs = g.toLegacyResponseData(read);
    const ours = convert([frame]);
    if ("datapoints" in theirs) {
      const value = read.fields.find((f) => f.type !== "time")!;
      const asTable = ours.tables.length > 0;
      const target = asTable ? (value.name ?? "") : differ.legacyName(theirs.target, value);
      const point = ([v, t]: unknown[]) => [differ.frontendCell(v, value.type), differ.time(t)];
      const want = { target, datapoints: theirs.datapoints.map(point) };
      assert.deepStrictEqual(asSeries(ours, read.fields), want);
      for (const s of ours.series) assert.deepStrictEqual(s.tags ?? {}, differ.tags(value));
    } else {
      const types = read.fields.map((f) => f.type);
      const want = {
        columns: theirs.columns.map((c) => c.text ?? ""),
        rows: theirs.rows.map((row) => row.map((cell, j) => differ.frontendCell(cell, types[j]!))),
      };
      assert.equal(ours.tables.length, 1, "one table");
      const table = ours.tables[0]!;
      const got = {
        columns: table.columns.map((c) => c.text),
        rows: table.rows.map((row) => row.map((cell) => differ.legacyCell(cell))),
      };
      assert.deepStrictEqual(got, want);
    }
  }
}

function asSeries(
  ours: { series: Series[]; tables: Table[] },
  fields: readonly FrontendField[],
): { target: string; datapoints: unknown[][] } | undefined {
  const [table] = ours.tables;
  if (table !== undefined) {
    const time = fields.findIndex((f) => f.type === "time");
    const asSeries = differ.tableAsSeries(table, time);
    if (asSeries === undefined) return undefined;
    const point = ([v, t]: unknown[]) => [differ.legacyCell(v as Cell), differ.time(t)];
    return { ...asSeries, datapoints: asSeries.datapoints.map(point) };
  }
  assert.equal(ours.series.length, 1, "one series");
  const s = ours.series[0]!;
  return { target: s.name, datapoints: s.points.map(([v, t]) => [v, differ.time(t)]) };
}
