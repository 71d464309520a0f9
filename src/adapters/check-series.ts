/** Validation of legacy series, naming the position of the first problem. */
import { isPlainObject } from "../json-object.js";
import type { Series } from "../model/legacy.js";
import { badInput, describe } from "./bad-input.js";

/** Returns the list when every series is well-formed; throws ShimError(invalid_argument) otherwise. */
export function checkSeriesList(value: unknown, at: string): readonly Series[] {
  if (!Array.isArray(value))
    throw badInput(at, `must be an array of series, not ${describe(value)}`);
  for (let i = 0; i < value.length; i++) checkSeries(value[i], `${at}[${i}]`);
  return value as readonly Series[];
}

function checkSeries(value: unknown, at: string): void {
  if (!isPlainObject(value)) {
    throw badInput(at, `must be a series object {name, points, tags?}, not ${describe(value)}`);
  }
  if (typeof value.name !== "string") {
    throw badInput(`${at}.name`, `must be a string, not ${describe(value.name)}`);
  }
  if (value.tags !== undefined) checkTags(value.tags, `${at}.tags`);
  const points = value.points;
  if (!Array.isArray(points)) {
    throw badInput(
      `${at}.points`,
      `must be an array of [value, timeMs] pairs, not ${describe(points)}`,
    );
  }
  for (let j = 0; j < points.length; j++) checkPoint(points[j], `${at}.points[${j}]`);
}

function checkTags(tags: unknown, at: string): void {
  if (!isPlainObject(tags))
    throw badInput(at, `must be an object of strings, not ${describe(tags)}`);
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== "string") {
      throw badInput(`${at}[${JSON.stringify(key)}]`, `must be a string, not ${describe(value)}`);
    }
  }
}

function checkPoint(point: unknown, at: string): void {
  if (!Array.isArray(point) || point.length !== 2) {
    throw badInput(at, `must be a [value, timeMs] pair, not ${describe(point)}`);
  }
  const [value, time] = point as unknown[];
  if (value !== null && typeof value !== "number") {
    throw badInput(at, `value ${describe(value)} is not a number or null`);
  }
  if (typeof time !== "number" || !Number.isSafeInteger(time)) {
    throw badInput(at, `time ${describe(time)} is not an integer number of milliseconds`);
  }
}

/** Frame times are int64 nanoseconds on every wire: whole milliseconds within ±2^63 ns. */
export const frameTimeLimitMs = 9223372036854;

/** Throws ShimError(invalid_argument) for the first point whose time frames cannot hold. */
export function checkFrameTimes(series: readonly Series[], at: string): void {
  series.forEach((s, i) => {
    const j = s.points.findIndex(([, time]) => Math.abs(time) > frameTimeLimitMs);
    if (j >= 0) {
      throw badInput(
        `${at}[${i}].points[${j}]`,
        `time ${s.points[j]![1]} ms is beyond what frames hold (int64 nanoseconds: ±${frameTimeLimitMs} ms, years 1677 to 2262)`,
      );
    }
  });
}
