/**
 * The data-plane `timeseries-multi` layout: one typed frame per series with a non-null,
 * ascending `time` field and one float64 field named after the series (labels = tags).
 * A series whose points go back in time cannot be shown in it without losing their order:
 * then every series uses the untyped layout, which keeps it, and the first frame says why.
 */
import type { Frame } from "../model/frame.js";
import type { Series } from "../model/legacy.js";
import { dataPlaneMeta, noDataFrame, withNotices } from "./frame-meta.js";
import { firstUnsorted, timeField, timesOf, valueField, valuesOf } from "./series-fields.js";
import { untypedFrames } from "./series-layout-untyped.js";

export function multiFrames(series: readonly Series[]): Frame[] {
  if (series.length === 0) return [noDataFrame("timeseries-multi")];
  const unsorted = series.findIndex((s) => firstUnsorted(s.points) >= 0);
  if (unsorted >= 0) return untypedFallback(series, unsorted);
  return series.map((s) => multiFrame(s, timesOf(s.points), valuesOf(s.points)));
}

/**
 * One series' frame from its columns, for callers that hold them already: ascending whole
 * milliseconds that frames can hold (checkFrameTimes), values numbers or null.
 */
export function multiFrame(
  series: Pick<Series, "name" | "tags">,
  times: ArrayLike<number>,
  values: ArrayLike<number | null>,
): Frame {
  return {
    meta: dataPlaneMeta("timeseries-multi"),
    fields: [timeField(times, false), valueField(series, series.name, values)],
  };
}

function untypedFallback(series: readonly Series[], index: number): Frame[] {
  const s = series[index]!;
  const point = firstUnsorted(s.points);
  const text =
    `series[${index}] ${JSON.stringify(s.name)}: point ${point} is earlier than point ${point - 1}; ` +
    "timeseries-multi needs ascending time, so these frames use the untyped time/value layout, which keeps the order";
  const [first, ...rest] = untypedFrames(series);
  return [withNotices(first!, [{ severity: "warning", text }]), ...rest];
}
