/**
 * Widening a long time-series frame, as grafana-plugin-sdk-go `data.LongToWide(frame, nil)`
 * does before Grafana's FrameToSeriesSlice: one wide row per distinct time, one field per value
 * field and combination of factor values (labels = factor name → value; bool as "true"/"false",
 * null string as ""), fields sorted by name then by the labels in factor order. Unlike the SDK,
 * a combination without a row at some time holds null there, not the type's zero value (which
 * would invent points), and a frame without rows gives empty series instead of an error.
 */
import type { Field, Frame } from "../model/frame.js";
import { badInput, describe } from "./bad-input.js";
import { collect, configLoss, fieldAt, labelsLoss } from "./field-losses.js";
import { compareGo } from "./go-order.js";
import type { TimeSeriesSchema } from "./time-series-schema.js";

export type Widening =
  | { readonly frame: Frame; readonly warnings: string[] }
  | { readonly error: string };

const missing = Symbol("missing");

interface Column {
  readonly source: Field;
  readonly labels: Record<string, string>;
  readonly values: unknown[];
}

export function longToWide(frame: Frame, schema: TimeSeriesSchema, at: string): Widening {
  const fields = frame.fields;
  const time = fields[schema.timeIndex]!;
  const factors = schema.factorIndices.map((i) => fields[i]!);
  const values = schema.valueIndices.map((i) => fields[i]!);
  const names = factors.map((field) => field.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined)
    return { error: `two dimension fields are named ${JSON.stringify(duplicate)}` };
  const rows = groupRows(time, fieldAt(at, schema.timeIndex, time));
  if (typeof rows === "string") return { error: rows };
  const warnings = otherFieldLosses(frame, schema, at);
  // Without rows there are no dimensions: the value fields become empty series as they are.
  if (time.values.length === 0) return { frame: { fields: [time, ...values] }, warnings };
  warnings.push(...widenedFieldLosses(frame, schema, at));
  const columns = new Map<string, Column[]>();
  let overwritten = 0;
  for (let r = 0; r < time.values.length; r++) {
    const labelValues = factors.map((f, k) =>
      factorText(f.values[r], `${fieldAt(at, schema.factorIndices[k]!, f)}.values[${r}]`),
    );
    const key = JSON.stringify(labelValues);
    let combo = columns.get(key);
    if (combo === undefined) {
      const labels = Object.fromEntries(names.map((name, k) => [name, labelValues[k]!]));
      combo = values.map((source) => ({
        source,
        labels,
        values: new Array(rows.times.length).fill(missing),
      }));
      columns.set(key, combo);
    }
    const w = rows.wideRow[r]!;
    values.forEach((source, k) => {
      const column = combo[k]!;
      if (column.values[w] !== missing) overwritten++;
      column.values[w] = source.values[r] ?? null;
    });
  }
  if (overwritten > 0) {
    warnings.push(
      `${at}: ${overwritten} values share their time and dimensions with a later row, which replaced them`,
    );
  }
  const wide = [...columns.values()].flat().sort(byNameThenLabels(names)).map(wideField);
  return { frame: { fields: [timeOf(time, rows), ...wide] }, warnings };
}

interface Rows {
  readonly times: number[];
  readonly nanos: number[];
  /** The wide row of each long row. */
  readonly wideRow: number[];
}

/** Groups equal times; a null time or one going back makes the frame impossible to widen. */
function groupRows(time: Field, at: string): Rows | string {
  const rows: Rows = { times: [], nanos: [], wideRow: [] };
  for (let r = 0; r < time.values.length; r++) {
    const ms = time.values[r];
    if (ms === null || ms === undefined) return `its time field has a null at row ${r}`;
    if (typeof ms !== "number")
      throw badInput(`${at}.values[${r}]`, `${describe(ms)} is not a time (epoch ms)`);
    const nanos = time.nanos?.[r] ?? 0;
    const last = rows.times.length - 1;
    const order = last < 0 ? 1 : ms - rows.times[last]! || nanos - rows.nanos[last]!;
    if (order < 0) return `its time goes back at row ${r} (long frames must be sorted by time)`;
    if (order > 0) {
      rows.times.push(ms);
      rows.nanos.push(nanos);
    }
    rows.wideRow.push(rows.times.length - 1);
  }
  return rows;
}

function factorText(value: unknown, at: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  throw badInput(at, `${describe(value)} is not a string or boolean`);
}

function byNameThenLabels(keys: readonly string[]) {
  return (a: Column, b: Column): number =>
    compareGo(a.source.name, b.source.name) ||
    keys.reduce((order, key) => order || compareGo(a.labels[key]!, b.labels[key]!), 0);
}

function wideField(column: Column): Field {
  const values = column.values.map((value) => (value === missing ? null : value));
  const nullable = column.source.nullable || values.includes(null);
  const { name, type } = column.source;
  return { name, type, nullable, labels: column.labels, values } as Field;
}

function timeOf(time: Field, rows: Rows): Field {
  const nanos = rows.nanos.some((n) => n !== 0) ? { nanos: rows.nanos } : {};
  return { name: time.name, type: "time", nullable: false, values: rows.times, ...nanos };
}

/** Widening keeps only names, types and values of the value fields and no time labels or config. */
function widenedFieldLosses(frame: Frame, schema: TimeSeriesSchema, at: string): string[] {
  const warnings: string[] = [];
  const time = frame.fields[schema.timeIndex]!;
  collect(
    warnings,
    fieldAt(at, schema.timeIndex, time),
    labelsLoss(time, "a series time has none"),
    configLoss(time),
  );
  for (const i of schema.valueIndices) {
    const field = frame.fields[i]!;
    const why = "widening labels series with the dimension fields";
    collect(warnings, fieldAt(at, i, field), labelsLoss(field, why), configLoss(field));
  }
  return warnings;
}

/** Extra time, json and enum fields have no place in legacy series. */
export function otherFieldLosses(frame: Frame, schema: TimeSeriesSchema, at: string): string[] {
  const warnings: string[] = [];
  for (const i of schema.otherIndices) {
    const field = frame.fields[i]!;
    collect(
      warnings,
      fieldAt(at, i, field),
      `${field.type} field dropped (legacy series hold numbers)`,
    );
  }
  return warnings;
}
