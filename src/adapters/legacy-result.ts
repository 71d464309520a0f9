/**
 * A whole legacy query result as frames and back: series frames then table frames, every
 * frame with the result's refId, and the result's meta as the first frame's meta.custom
 * (where Grafana 8+ datasources put their own metadata). Errors are not frames: callers
 * carry them in DataResponse.error or LegacyResult.error.
 */
import type { Frame, FrameMeta } from "../model/frame.js";
import type { LegacyResult, Series, Table } from "../model/legacy.js";
import { noDataFrame } from "./frame-meta.js";
import { framesToLegacySeries } from "./frames-to-legacy.js";
import { type SeriesLayout, seriesToFrames } from "./series-to-frames.js";
import { tablesToFrames } from "./table-to-frame.js";

export interface LegacyResultToFramesOptions {
  /** How series are laid out (default "multi"); see seriesToFrames. */
  readonly layout?: SeriesLayout;
  /** How messages name the result (default "result"): `result.series[0].points[3]: …`. */
  readonly path?: string;
}

/**
 * The frames of one legacy result. Without series and tables it is the "no data" frame
 * (none in the untyped layout unless meta needs a frame); beside table frames the "no data"
 * frame is left out, as the data plane requires.
 */
export function legacyResultToFrames(
  result: LegacyResult,
  options: LegacyResultToFramesOptions = {},
): Frame[] {
  const at = options.path ?? "result";
  const series = result.series ?? [];
  const tables = result.tables ?? [];
  const layout = options.layout ?? "multi";
  const seriesFrames = seriesToFrames(series, { layout, path: `${at}.series` });
  const tableFrames = tablesToFrames(tables, { path: `${at}.tables` });
  let frames =
    series.length === 0 && tables.length > 0 ? tableFrames : [...seriesFrames, ...tableFrames];
  if (result.meta !== undefined) frames = withCustom(frames, result.meta);
  return frames.map((frame) => ({ ...frame, refId: result.refId }));
}

function withCustom(frames: Frame[], custom: unknown): Frame[] {
  const [first = noDataFrame("timeseries-multi"), ...rest] = frames;
  return [{ ...first, meta: { ...first.meta, custom } }, ...rest];
}

export interface LegacyResultConversion {
  /** Always with `series` and `tables` arrays; `meta` when the first frame had meta.custom. */
  readonly result: LegacyResult;
  /** What legacy could not hold, and the frames' notices. */
  readonly warnings: string[];
}

/** The legacy result of a query answered with frames; `path` names the frames in messages. */
export function framesToLegacyResult(
  refId: string,
  frames: readonly Frame[],
  options: { readonly path?: string } = {},
): LegacyResultConversion {
  const stream = framesToLegacyResultStream(refId, frames, options);
  const series = [...stream.series].flat();
  const meta = "meta" in stream.result ? { meta: stream.result.meta } : {};
  const result: LegacyResult = { refId, series, tables: stream.tables, ...meta };
  return { result, warnings: stream.warnings };
}

/** framesToLegacyResult for a writer that sends each frame's series before the next are made. */
export interface LegacyResultStream {
  /** The result without series and tables. */
  readonly result: LegacyResult;
  /** Every frame's series, made when asked for; tables and warnings are complete after. */
  readonly series: Iterable<readonly Series[]>;
  readonly tables: Table[];
  readonly warnings: string[];
}

export function framesToLegacyResultStream(
  refId: string,
  frames: readonly Frame[],
  options: { readonly path?: string } = {},
): LegacyResultStream {
  const { input, meta } = customMeta(frames);
  const collected = { tables: [] as Table[], warnings: [] as string[] };
  const series = { [Symbol.iterator]: () => framesToLegacySeries(input, collected, options) };
  return { result: { refId, ...meta }, series, ...collected };
}

/** The first frame's meta.custom is the result's meta; the frames are converted without it. */
function customMeta(frames: readonly Frame[]): {
  input: readonly Frame[];
  meta: { meta?: unknown };
} {
  const [first, ...rest] = frames;
  const meta = first?.meta;
  if (meta === undefined || meta.custom === undefined) return { input: frames, meta: {} };
  return {
    input: [{ ...first!, meta: withoutCustom(meta) }, ...rest],
    meta: { meta: meta.custom },
  };
}

function withoutCustom(meta: FrameMeta): FrameMeta {
  const { custom: _, ...rest } = meta;
  return rest;
}
