/**
 * What a Grafana frontend makes of each route's answer, reduced to plain data:
 * the legacy answer through `toDataFrame`, the frames answer through
 * `dataFrameFromJSON`. Both routes must reduce to the same thing.
 */
import { columns, dataFrameFromJSON, type GrafanaFrame, toDataFrame } from "./consumers.js";

export interface SeriesData {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly times: unknown[];
  readonly values: unknown[];
}

export interface Reduced {
  readonly series: SeriesData[];
  readonly tables: ReturnType<typeof columns>[];
}

/** A `results[refId]` of /api/tsdb/query. */
export function fromLegacy(result: {
  series?: unknown[] | null;
  tables?: unknown[] | null;
}): Reduced {
  const series = (result.series ?? []).map((s) => {
    const frame = toDataFrame(s);
    const [time, value] = columns(frame);
    const labels = frame.fields[1]?.labels ?? {};
    return {
      name: frame.name ?? "",
      labels,
      times: time?.values ?? [],
      values: value?.values ?? [],
    };
  });
  return { series, tables: (result.tables ?? []).map((t) => columns(toDataFrame(t))) };
}

/** A `results[refId]` of /api/ds/query: time series frames (a time field first) and the rest as tables. */
export function fromFrames(result: { frames?: unknown[] }): Reduced {
  const frames = (result.frames ?? []).map((f) => dataFrameFromJSON(f));
  const series: SeriesData[] = [];
  const tables: ReturnType<typeof columns>[] = [];
  for (const frame of frames) {
    if (frame.fields[0]?.type === "time") series.push(...seriesOf(frame));
    else tables.push(columns(frame));
  }
  return { series, tables };
}

function seriesOf(frame: GrafanaFrame): SeriesData[] {
  const [time, ...values] = columns(frame);
  return values.map((v, i) => ({
    name: v.name,
    labels: frame.fields[i + 1]?.labels ?? {},
    times: time?.values ?? [],
    values: v.values,
  }));
}
