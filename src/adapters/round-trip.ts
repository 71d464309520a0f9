/** The first difference between legacy series and what came back from frames, for notices. */
import type { Point, Series } from "../model/legacy.js";
import { describe } from "./bad-input.js";

export function seriesDifference(
  before: readonly Series[],
  after: readonly Series[],
): string | undefined {
  if (before.length !== after.length) {
    return `converting back gives ${after.length} series instead of ${before.length}`;
  }
  for (let i = 0; i < before.length; i++) {
    const difference = oneDifference(before[i]!, after[i]!);
    if (difference !== undefined)
      return `series[${i}] ${JSON.stringify(before[i]!.name)} ${difference}`;
  }
  return undefined;
}

function oneDifference(before: Series, after: Series): string | undefined {
  if (before.name !== after.name) return `comes back named ${JSON.stringify(after.name)}`;
  if (!sameTags(before.tags, after.tags))
    return `comes back with tags ${describe(after.tags ?? null)}`;
  if (before.points.length !== after.points.length) {
    return `comes back with ${after.points.length} points instead of ${before.points.length}`;
  }
  const j = before.points.findIndex((point, k) => !samePoint(point, after.points[k]!));
  if (j < 0) return undefined;
  return `point ${j} comes back as ${pointText(after.points[j]!)} instead of ${pointText(before.points[j]!)}`;
}

function sameTags(a: Series["tags"], b: Series["tags"]): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
}

function samePoint(a: Point, b: Point): boolean {
  return Object.is(a[0], b[0]) && Object.is(a[1], b[1]);
}

function pointText([value, time]: Point): string {
  return `[${value === null ? "null" : String(value)}, ${time}]`;
}
