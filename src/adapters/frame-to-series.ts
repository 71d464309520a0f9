/**
 * A frame as legacy series, by Grafana's FrameToSeriesSlice rules: long frames are widened
 * first, then every numeric field becomes a series (name per series-name.ts, tags = labels,
 * one point per row with a time). A frame without fields, or with only a time field, is
 * Grafana's "no data" series: empty and named after the frame; a typed frame without fields
 * (the data-plane "no data" frame) gives no series at all.
 */
import type { Field, Frame } from "../model/frame.js";
import type { Point, Series } from "../model/legacy.js";
import { badInput, describe } from "./bad-input.js";
import { checkFrame } from "./check-frame.js";
import { seriesValueOf, Tally } from "./field-cells.js";
import { collect, configLoss, fieldAt, labelsLoss, nanosLoss } from "./field-losses.js";
import { isTyped } from "./frame-meta.js";
import { longToWide, otherFieldLosses } from "./long-to-wide.js";
import { nameKeyOf, seriesNameOf } from "./series-name.js";
import { type TimeSeriesSchema, timeSeriesSchemaOf } from "./time-series-schema.js";

export interface SeriesConversion {
  readonly series: Series[];
  /** What legacy series could not hold, each naming the frame and field. */
  readonly warnings: string[];
}

/** Why a frame is not a time series; `unsortable` when only widening failed. */
export interface NotSeries {
  readonly notSeries: string;
  readonly unsortable: boolean;
}

/**
 * Converts one frame to series; a frame that is not a time series gives none and a warning.
 * `path` names the frame in messages (default "frame").
 */
export function frameToSeries(
  frame: Frame,
  options: { readonly path?: string } = {},
): SeriesConversion {
  const at = options.path ?? "frame";
  checkFrame(frame, at);
  const route = seriesRouteOf(frame, at);
  if ("series" in route) return route;
  return { series: [], warnings: [`${at}: not a time series (${route.notSeries}), so no series`] };
}

/** The series of a checked frame, or why it has none. */
export function seriesRouteOf(frame: Frame, at: string): SeriesConversion | NotSeries {
  const fields = frame.fields;
  if (fields.length === 0)
    return { series: isTyped(frame) ? [] : [noDataSeries(frame)], warnings: [] };
  if (fields.length === 1 && fields[0]!.type === "time") {
    const rows = fields[0]!.values.length;
    const warnings = rows === 0 ? [] : [`${at}: ${rows} times without values dropped`];
    return { series: [noDataSeries(frame)], warnings };
  }
  const schema = timeSeriesSchemaOf(frame);
  if (schema.kind === "not") {
    const why = schema.timeIndex < 0 ? "it has no time field" : "it has no numeric field";
    return { notSeries: why, unsortable: false };
  }
  if (schema.kind === "wide") return wideToSeries(frame, schema, at);
  const widened = longToWide(frame, schema, at);
  if ("error" in widened)
    return { notSeries: `it cannot be widened: ${widened.error}`, unsortable: true };
  const wide = wideToSeries(widened.frame, timeSeriesSchemaOf(widened.frame), at);
  return { series: wide.series, warnings: [...widened.warnings, ...wide.warnings] };
}

function noDataSeries(frame: Frame): Series {
  return { name: frame.name ?? "", points: [] };
}

function wideToSeries(frame: Frame, schema: TimeSeriesSchema, at: string): SeriesConversion {
  const warnings = otherFieldLosses(frame, schema, at);
  const time = frame.fields[schema.timeIndex]!;
  const timeAt = fieldAt(at, schema.timeIndex, time);
  const { rows, times } = timesOf(time, timeAt);
  const nulls = time.values.length - rows.length;
  collect(
    warnings,
    timeAt,
    nulls === 0 ? undefined : `${nulls} rows with a null time dropped`,
    nanosLoss(time),
    labelsLoss(time, "a series time has none"),
    configLoss(time),
  );
  const series = schema.valueIndices.map((i) => {
    const field = frame.fields[i]!;
    const where = fieldAt(at, i, field);
    const tally = new Tally();
    const points = rows.map((r, k): Point => [valueAt(field, r, where, tally), times[k]!]);
    collect(warnings, where, ...tally.lines(), configLoss(field, nameKeyOf(field)));
    const tags = field.labels === undefined ? {} : { tags: { ...field.labels } };
    return { name: seriesNameOf(field), ...tags, points };
  });
  return { series, warnings };
}

function valueAt(field: Field, row: number, at: string, tally: Tally): number | null {
  const value = field.values[row];
  // Most cells are numbers: no path text for them (a large frame made one string a point).
  if (typeof value === "number") return value;
  return value === null || value === undefined
    ? null
    : seriesValueOf(value, `${at}.values[${row}]`, tally);
}

/** Rows that have a time, and their times as whole epoch milliseconds. */
function timesOf(time: Field, at: string): { rows: number[]; times: number[] } {
  const rows: number[] = [];
  const times: number[] = [];
  for (let r = 0; r < time.values.length; r++) {
    const ms = time.values[r];
    if (ms === null || ms === undefined) continue;
    if (typeof ms !== "number" || !Number.isFinite(ms)) {
      throw badInput(`${at}.values[${r}]`, `${describe(ms)} is not a time (epoch ms)`);
    }
    rows.push(r);
    times.push(Math.floor(ms));
  }
  return { rows, times };
}
