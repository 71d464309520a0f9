/**
 * Legacy series as frames, in one of four layouts (see the layout files). `multi` (the
 * default) and `untyped` give back exactly the same series through framesToLegacy; `wide`
 * and `long` cannot always, and then the first frame carries a warning notice saying what
 * changes.
 */
import type { Frame } from "../model/frame.js";
import type { Series } from "../model/legacy.js";
import { badInput, describe } from "./bad-input.js";
import { checkFrameTimes, checkSeriesList } from "./check-series.js";
import { withNotices } from "./frame-meta.js";
import { framesToLegacy } from "./frames-to-legacy.js";
import { seriesDifference } from "./round-trip.js";
import { longFrames } from "./series-layout-long.js";
import { multiFrames } from "./series-layout-multi.js";
import { untypedFrames } from "./series-layout-untyped.js";
import { wideFrames } from "./series-layout-wide.js";

export type SeriesLayout = "multi" | "wide" | "long" | "untyped";

export interface SeriesToFramesOptions {
  /**
   * `multi` (default): data-plane timeseries-multi, one frame per series; `wide`: one
   * timeseries-wide frame joined on time; `long`: one timeseries-long frame; `untyped`:
   * Grafana's historical SeriesToFrame layout (frame per series, fields time and value).
   */
  readonly layout?: SeriesLayout;
  /** How messages name the series list (default "series"): `series[2].points[5]: …`. */
  readonly path?: string;
}

const layouts: Readonly<
  Record<SeriesLayout, { build(series: readonly Series[]): Frame[]; exact: boolean }>
> = {
  multi: { build: multiFrames, exact: true },
  untyped: { build: untypedFrames, exact: true },
  wide: { build: wideFrames, exact: false },
  long: { build: longFrames, exact: false },
};

export const seriesLayouts = Object.keys(layouts) as readonly SeriesLayout[];

/**
 * Converts legacy series to frames. No series gives the data-plane "no data" frame (a typed
 * frame without fields), or no frame in the untyped layout. Throws ShimError(invalid_argument)
 * naming the first bad part (`series[2].points[5]: value "x" is not a number or null`),
 * including a time that frames cannot hold (beyond ±2^63 nanoseconds).
 */
export function seriesToFrames(
  series: readonly Series[],
  options: SeriesToFramesOptions = {},
): Frame[] {
  const at = options.path ?? "series";
  const list = checkSeriesList(series, at);
  checkFrameTimes(list, at);
  const name = options.layout ?? "multi";
  const layout = Object.hasOwn(layouts, name) ? layouts[name] : undefined;
  if (layout === undefined) {
    throw badInput("layout", `${describe(name)} is not one of ${seriesLayouts.join(", ")}`);
  }
  const frames = layout.build(list);
  return layout.exact ? frames : withLossNotice(list, frames, name);
}

function withLossNotice(series: readonly Series[], frames: Frame[], layout: SeriesLayout): Frame[] {
  const difference = seriesDifference(series, framesToLegacy(frames).series);
  if (difference === undefined) return frames;
  const text = `the ${layout} layout cannot hold these series exactly: ${difference}`;
  const [first, ...rest] = frames;
  return [withNotices(first!, [{ severity: "warning", text }]), ...rest];
}
