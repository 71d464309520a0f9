/**
 * Grafana's historical SeriesToFrame layout: one untyped frame per series named after it,
 * fields `time` (nullable time) and `value` (nullable float64, labels = tags). Points stay in
 * the series' order, duplicates and all. config.displayNameFromDS carries the series name,
 * since FrameToSeriesSlice would name the field `value` or `value {tags}`.
 */
import type { Frame } from "../model/frame.js";
import type { Series } from "../model/legacy.js";
import { timeField, timesOf, valueField, valuesOf } from "./series-fields.js";

export function untypedFrames(series: readonly Series[]): Frame[] {
  return series.map((s) => ({
    name: s.name,
    fields: [timeField(timesOf(s.points), true), valueField(s, "value", valuesOf(s.points))],
  }));
}
