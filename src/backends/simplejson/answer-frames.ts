/**
 * Simple JSON answers as frames: series in the data-plane timeseries-multi layout, tables with
 * the table hint (so protocol 1 gets them back as tables) and their declared time columns as
 * time fields. The legacy adapters do the layout, so every protocol sees the same data.
 */
import { frameTimeLimitMs } from "../../adapters/check-series.js";
import { multiFrame } from "../../adapters/series-layout-multi.js";
import { seriesToFrames } from "../../adapters/series-to-frames.js";
import { tableToFrame } from "../../adapters/table-to-frame.js";
import type { Field, Frame } from "../../model/frame.js";
import type { Cell, Series } from "../../model/legacy.js";
import type { ColumnSeries, QueryAnswer, SimpleTable } from "./parse-query.js";

export function answerFrames(answer: QueryAnswer): Frame[] {
  const tables = answer.tables.map(tableFrame);
  const series = answer.series.length > 0 || tables.length === 0 ? seriesFrames(answer.series) : [];
  return [...series, ...tables];
}

/**
 * Series read as columns become frames with those columns, without a point array each; an
 * answer with other series, or times the multi layout cannot show as they are, goes through
 * the adapters, which say what they do about it.
 */
function seriesFrames(series: readonly (Series | ColumnSeries)[]): Frame[] {
  const plain = series.length > 0 && series.every((s) => "columns" in s && fits(s.columns.times));
  if (!plain) return seriesToFrames(series);
  return (series as readonly ColumnSeries[]).map((s) =>
    multiFrame(s, s.columns.times, s.columns.values),
  );
}

function fits(times: Float64Array): boolean {
  for (let i = 0; i < times.length; i++) {
    const time = times[i] as number;
    if (Math.abs(time) > frameTimeLimitMs || (i > 0 && time < (times[i - 1] as number)))
      return false;
  }
  return true;
}

export function tableFrame(table: SimpleTable): Frame {
  const frame = tableToFrame({
    columns: table.columns.map((c) => ({ text: c.text })),
    rows: table.rows,
  });
  const fields = frame.fields.map((field, i) =>
    table.columns[i]?.type === "time" ? (asTime(field, table.rows, i) ?? field) : field,
  );
  if (fields.every((f, i) => f === frame.fields[i])) return frame;
  const { type: _type, typeVersion: _version, ...rest } = frame.meta ?? {};
  const type = dataPlaneTypeOf(fields);
  const meta = type === undefined ? rest : { ...rest, type, typeVersion: [0, 1] as const };
  return { ...frame, meta, fields };
}

/** A column declared `type: "time"` whose cells are all epoch-ms numbers (or null). */
function asTime(
  field: Field,
  rows: readonly (readonly Cell[])[],
  index: number,
): Field | undefined {
  if (field.type === "time") return field;
  const values = rows.map((row) => row[index] ?? null);
  if (!values.every((v) => v === null || (typeof v === "number" && Number.isFinite(v))))
    return undefined;
  const times = values.map((v) => (v === null ? null : Math.trunc(v as number)));
  return { name: field.name, type: "time", nullable: times.includes(null), values: times };
}

/** As the adapters type tables: timeseries-long with an ascending time field, numeric-long without one. */
function dataPlaneTypeOf(fields: readonly Field[]): string | undefined {
  if (!fields.some((f) => f.type === "float64")) return undefined;
  if (!fields.some((f) => f.type === "time")) return "numeric-long";
  return timeAscending(fields) ? "timeseries-long" : undefined;
}

function timeAscending(fields: readonly Field[]): boolean {
  const time = fields.find((f) => f.type === "time");
  if (time === undefined || time.nullable) return false;
  const values = time.values as ArrayLike<number>;
  for (let i = 1; i < values.length; i++)
    if ((values[i] as number) < (values[i - 1] as number)) return false;
  return true;
}
