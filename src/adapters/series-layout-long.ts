/**
 * The data-plane `timeseries-long` layout: one frame with a row per point, ascending by time
 * (ties keep series order), a float64 field per distinct series name (null in rows of other
 * series) and a string field per tag key ("" where a series lacks the key). Widening gives
 * a series per name and tag combination named `name {tags}`; when that differs from the
 * input, seriesToFrames adds a notice.
 */
import type { Field, Frame } from "../model/frame.js";
import type { Series } from "../model/legacy.js";
import { dataPlaneMeta, noDataFrame } from "./frame-meta.js";
import { compareGo } from "./go-order.js";
import { timeField } from "./series-fields.js";

interface Row {
  readonly series: Series;
  readonly value: number | null;
  readonly time: number;
}

export function longFrames(series: readonly Series[]): Frame[] {
  if (series.length === 0) return [noDataFrame("timeseries-long")];
  // Array.prototype.sort is stable, so equal times keep series and point order.
  const rows: Row[] = series
    .flatMap((s) => s.points.map(([value, time]) => ({ series: s, value, time })))
    .sort((a, b) => a.time - b.time);
  const names = [...new Set(series.map((s) => s.name))];
  const keys = [...new Set(series.flatMap((s) => Object.keys(s.tags ?? {})))].sort(compareGo);
  const fields: Field[] = [
    timeField(
      rows.map((row) => row.time),
      false,
    ),
    ...names.map((name) => valuesOf(name, rows)),
    ...keys.map((key) => dimensionOf(key, rows)),
  ];
  return [{ meta: dataPlaneMeta("timeseries-long"), fields }];
}

function valuesOf(name: string, rows: readonly Row[]): Field<"float64"> {
  const values = rows.map((row) => (row.series.name === name ? row.value : null));
  return { name, type: "float64", nullable: true, values };
}

function dimensionOf(key: string, rows: readonly Row[]): Field<"string"> {
  const values = rows.map(({ series: { tags } }) =>
    tags !== undefined && Object.hasOwn(tags, key) ? tags[key]! : "",
  );
  return { name: key, type: "string", nullable: false, values };
}
