/**
 * The differences (the first, or all of them) between what a fixture expects and what came back, by
 * rules that suit the data: object keys in any order, numbers by value (1,
 * 1.0 and 1n are equal; NaN equals NaN), and nothing under a volatile path.
 */
import { isPlainObject } from "../json-object.js";
import { parsePath, pathText, type Segment, underPattern } from "./json-path.js";

export interface Difference {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** Shown for a key or item that one side does not have. */
export const absent: unique symbol = Symbol("absent");

export function firstDifference(
  expected: unknown,
  actual: unknown,
  volatile: readonly string[] = [],
  root: readonly Segment[] = ["response"],
): Difference | undefined {
  return differences(expected, actual, volatile, root, 1)[0];
}

/** Every difference, in the order firstDifference finds them, up to `limit`. */
export function differences(
  expected: unknown,
  actual: unknown,
  volatile: readonly string[] = [],
  root: readonly Segment[] = ["response"],
  limit = Number.POSITIVE_INFINITY,
): Difference[] {
  const patterns = volatile.map((v) => parsePath(v)).filter((p) => p !== undefined);
  const found: Difference[] = [];
  walk(expected, actual, [...root], patterns, (d) => found.push(d) >= limit);
  return found;
}

/** Takes one difference; true stops the walk. */
type Collect = (difference: Difference) => boolean;

/** True when `collect` asked to stop. */
function walk(
  e: unknown,
  a: unknown,
  path: Segment[],
  patterns: readonly Segment[][],
  collect: Collect,
): boolean {
  if (patterns.some((p) => underPattern(path, p))) return false;
  if (isNumeric(e) && isNumeric(a)) return !sameNumber(e, a) && collect(diff(path, e, a));
  if (Array.isArray(e) && Array.isArray(a)) {
    for (let i = 0; i < Math.max(e.length, a.length); i++) {
      const item = (list: unknown[]) => (i < list.length ? list[i] : absent);
      if (walk(item(e), item(a), [...path, i], patterns, collect)) return true;
    }
    return false;
  }
  if (isPlainObject(e) && isPlainObject(a)) {
    // Nothing in common (a cell of another kind): the objects themselves are the difference.
    if (disjoint(e, a)) return collect(diff(path, e, a));
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    for (const key of keys) {
      if (walk(valueAt(e, key), valueAt(a, key), [...path, key], patterns, collect)) return true;
    }
    return false;
  }
  return e !== a && collect(diff(path, e, a));
}

function disjoint(e: Record<string, unknown>, a: Record<string, unknown>): boolean {
  const keys = Object.keys(e);
  return keys.length > 0 && Object.keys(a).length > 0 && !keys.some((k) => Object.hasOwn(a, k));
}

function valueAt(object: Record<string, unknown>, key: string): unknown {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return value === undefined ? absent : value;
}

function isNumeric(value: unknown): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

function sameNumber(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === "bigint" && typeof b === "bigint") return a === b;
  if (typeof a === "number" && typeof b === "number")
    return a === b || (Number.isNaN(a) && Number.isNaN(b));
  const [big, other] = typeof a === "bigint" ? [a, b as number] : [b as bigint, a as number];
  return Number.isInteger(other) && Number.isSafeInteger(other)
    ? big === BigInt(other)
    : Number(big) === other;
}

function diff(path: Segment[], expected: unknown, actual: unknown): Difference {
  return { path: pathText(path), expected, actual };
}

/** A value as a mismatch report shows it: compact JSON, bigints whole, long text cut. */
export function shown(value: unknown, max = 200): string {
  if (value === absent) return "(absent)";
  let text: string;
  try {
    text =
      JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ??
      String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
