/**
 * Legacy series and tables ↔ data frames (docs/protocol.md#legacy-series-and-tables).
 * Layout choices and what each direction keeps are described in README.md beside this file.
 */

export { frameToSeries, type SeriesConversion } from "./frame-to-series.js";
export { frameToTable, type TableConversion } from "./frame-to-table.js";
export {
  type FramesToLegacyOptions,
  framesToLegacy,
  type LegacyConversion,
} from "./frames-to-legacy.js";
export {
  framesToLegacyResult,
  type LegacyResultConversion,
  type LegacyResultToFramesOptions,
  legacyResultToFrames,
} from "./legacy-result.js";
export { labelsText, seriesNameOf } from "./series-name.js";
export {
  type SeriesLayout,
  type SeriesToFramesOptions,
  seriesLayouts,
  seriesToFrames,
} from "./series-to-frames.js";
export { tablesToFrames, tableToFrame } from "./table-to-frame.js";
