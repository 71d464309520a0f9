/**
 * Frames as legacy series and tables. A frame goes to series when it is a time series
 * (frame-to-series.ts) and to a table otherwise, or when it has the table hint
 * (meta.preferredVisualisationType "table", which frames made from legacy tables carry) or is
 * a long frame that cannot be widened. Nothing is lost silently: frame notices and every part
 * legacy cannot hold come back as warnings.
 */
import type { Frame } from "../model/frame.js";
import type { Series, Table } from "../model/legacy.js";
import { badInput, describe } from "./bad-input.js";
import { checkFrame } from "./check-frame.js";
import { hasTableHint } from "./frame-meta.js";
import { seriesRouteOf } from "./frame-to-series.js";
import { frameToTable } from "./frame-to-table.js";

export interface LegacyConversion {
  readonly series: Series[];
  readonly tables: Table[];
  /** What legacy could not hold, and the frames' notices, each naming its frame and field. */
  readonly warnings: string[];
}

export interface FramesToLegacyOptions {
  /** How messages name the frame list (default "frames"): `frames[2].fields[1] "cpu": …`. */
  readonly path?: string;
}

/** Converts frames to legacy series and tables; throws ShimError(invalid_argument) for malformed frames. */
export function framesToLegacy(
  frames: readonly Frame[],
  options: FramesToLegacyOptions = {},
): LegacyConversion {
  const out: LegacyConversion = { series: [], tables: [], warnings: [] };
  for (const series of framesToLegacySeries(frames, out, options)) out.series.push(...series);
  return out;
}

/**
 * framesToLegacy a frame at a time, for writers that send each frame's series before the
 * next frame's are made: yields every frame's series (possibly none); tables and warnings
 * collect in `out` and are complete once the iteration is.
 */
export function* framesToLegacySeries(
  frames: readonly Frame[],
  out: { readonly tables: Table[]; readonly warnings: string[] },
  options: FramesToLegacyOptions = {},
): Generator<readonly Series[]> {
  const at = options.path ?? "frames";
  if (!Array.isArray(frames))
    throw badInput(at, `must be an array of frames, not ${describe(frames)}`);
  for (const [i, frame] of frames.entries()) yield convertFrame(frame, `${at}[${i}]`, out);
}

function convertFrame(
  frame: Frame,
  at: string,
  out: { readonly tables: Table[]; readonly warnings: string[] },
): readonly Series[] {
  checkFrame(frame, at);
  for (const notice of frame.meta?.notices ?? [])
    out.warnings.push(`${at}: ${notice.severity}: ${notice.text}`);
  const route = hasTableHint(frame) ? undefined : seriesRouteOf(frame, at);
  if (route !== undefined && "series" in route) {
    out.warnings.push(...route.warnings, ...frameLosses(frame, at, route.series));
    return route.series;
  }
  if (route?.unsortable) out.warnings.push(`${at}: written as a table: ${route.notSeries}`);
  const { table, warnings } = frameToTable(frame, { path: at });
  out.tables.push(table);
  out.warnings.push(...warnings, ...frameLosses(frame, at, []));
  return [];
}

/** Meta that only says how the data is laid out, which legacy answers do not need. */
const layoutMeta = new Set(["type", "typeVersion", "preferredVisualisationType", "notices"]);

function frameLosses(frame: Frame, at: string, series: readonly Series[]): string[] {
  const warnings: string[] = [];
  const keys = Object.keys(frame.meta ?? {}).filter((key) => !layoutMeta.has(key));
  if (keys.length > 0) warnings.push(`${at}: meta ${keys.join(", ")} not kept`);
  const name = frame.name ?? "";
  if (name !== "" && !series.some((s) => s.name === name)) {
    warnings.push(`${at}: frame name ${JSON.stringify(name)} not kept`);
  }
  return warnings;
}
