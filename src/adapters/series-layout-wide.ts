/**
 * The data-plane `timeseries-wide` layout: one frame, one ascending time field shared by every
 * series (joined on time), one float64 field per series. A series without a point at a row's
 * time holds null there; a time a series repeats k times fills k rows. Series that do not
 * share one sorted set of times come back different: seriesToFrames then adds a notice.
 */
import type { Frame } from "../model/frame.js";
import type { Series } from "../model/legacy.js";
import { dataPlaneMeta, noDataFrame } from "./frame-meta.js";
import { timeField, valueField } from "./series-fields.js";

export function wideFrames(series: readonly Series[]): Frame[] {
  if (series.length === 0) return [noDataFrame("timeseries-wide")];
  const times = joinedTimes(series);
  const fields = [
    timeField(times, false),
    ...series.map((s) => valueField(s, s.name, alignedValues(s, times))),
  ];
  return [{ meta: dataPlaneMeta("timeseries-wide"), fields }];
}

/** Every time of any series, ascending, as often as the series that repeats it most. */
function joinedTimes(series: readonly Series[]): number[] {
  const most = new Map<number, number>();
  for (const s of series) {
    const counts = new Map<number, number>();
    for (const [, time] of s.points) counts.set(time, (counts.get(time) ?? 0) + 1);
    for (const [time, count] of counts) most.set(time, Math.max(most.get(time) ?? 0, count));
  }
  const distinct = [...most.keys()].sort((a, b) => a - b);
  return distinct.flatMap((time) => new Array<number>(most.get(time)!).fill(time));
}

/** The series' values on the joined rows: the k-th point at a time goes to that time's k-th row. */
function alignedValues(series: Series, times: readonly number[]): (number | null)[] {
  const queues = new Map<number, (number | null)[]>();
  for (const [value, time] of series.points) {
    const queue = queues.get(time);
    if (queue) queue.push(value);
    else queues.set(time, [value]);
  }
  const used = new Map<number, number>();
  return times.map((time) => {
    const k = used.get(time) ?? 0;
    used.set(time, k + 1);
    const queue = queues.get(time);
    return queue !== undefined && k < queue.length ? queue[k]! : null;
  });
}
