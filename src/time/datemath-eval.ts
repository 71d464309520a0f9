/**
 * Evaluates a parsed datemath expression as go-datemath does with Grafana's
 * options: UTC unless the text names a zone, weeks start on Monday, fiscal
 * years on January 1st, and `roundUp` rounding to the last millisecond of a unit.
 */
import type { TimeUnit } from "./datemath-lexer.js";
import type { Adjustment, Anchor, DatemathExpression } from "./datemath-parser.js";
import {
  addDate,
  addMs,
  fieldsOf,
  fromFields,
  type Instant,
  startOf,
  truncate,
} from "./wall-clock.js";

export interface EvalOptions {
  readonly nowMs: number;
  readonly roundUp: boolean;
}

const fixedMs: Partial<Record<TimeUnit, number>> = { h: 3_600_000, m: 60_000, s: 1000 };
/** Business days walk one day at a time: bound the walk. */
const maxBusinessDays = 100_000;

/** Epoch milliseconds, or undefined where Go would fail (or panic, for `/b`). */
export function evaluateDatemath(
  expression: DatemathExpression,
  options: EvalOptions,
): number | undefined {
  let t = anchorOf(expression.anchor, options.nowMs);
  for (const adjustment of expression.adjustments) {
    const next = adjust(t, adjustment, options.roundUp);
    if (next === undefined || Number.isNaN(next.ms)) return undefined;
    t = next;
  }
  return Number.isNaN(t.ms) ? undefined : t.ms;
}

function anchorOf(anchor: Anchor, nowMs: number): Instant {
  switch (anchor.kind) {
    case "now":
      return { ms: nowMs, offsetSec: 0 };
    case "epochMs":
      return { ms: anchor.ms, offsetSec: 0 };
    case "wall":
      return fromFields(anchor.time, anchor.time.offsetSec ?? 0);
  }
}

function adjust(t: Instant, adjustment: Adjustment, roundUp: boolean): Instant | undefined {
  if (adjustment.kind === "add") return add(t, adjustment.amount, adjustment.unit);
  const down = roundDown(t, adjustment.unit);
  if (down === undefined || !roundUp) return down;
  const up = add(down, 1, adjustment.unit);
  return up && addMs(up, -1);
}

function add(t: Instant, n: number, unit: TimeUnit): Instant | undefined {
  const ms = fixedMs[unit];
  if (ms !== undefined) return addMs(t, n * ms);
  switch (unit) {
    case "y":
    case "fy":
      return addDate(t, n, 0, 0);
    case "Q":
    case "fQ":
      return addDate(t, 0, 3 * n, 0);
    case "M":
      return addDate(t, 0, n, 0);
    case "w":
      return addDate(t, 0, 0, 7 * n);
    case "d":
      return addDate(t, 0, 0, n);
    default:
      return addBusinessDays(t, n);
  }
}

function addBusinessDays(t: Instant, n: number): Instant | undefined {
  if (Math.abs(n) > maxBusinessDays) return undefined;
  const step = n < 0 ? -1 : 1;
  let out = t;
  for (let left = n; left !== 0; left -= step) {
    out = addDate(out, 0, 0, step);
    while (isWeekend(out)) out = addDate(out, 0, 0, step);
  }
  return out;
}

function isWeekend(t: Instant): boolean {
  const { weekday } = fieldsOf(t);
  return weekday === 0 || weekday === 6;
}

function roundDown(t: Instant, unit: TimeUnit): Instant | undefined {
  const ms = fixedMs[unit];
  if (ms !== undefined) return truncate(t, ms);
  const { month, weekday } = fieldsOf(t);
  switch (unit) {
    case "y":
    case "fy":
      return startOf(t, { month: 1, day: 1 });
    case "Q":
    case "fQ":
      return startOf(t, { month: Math.floor((month - 1) / 3) * 3 + 1, day: 1 });
    case "M":
      return startOf(t, { day: 1 });
    case "w": {
      const diff = weekday - 1; // weeks start on Monday
      const today = startOf(t, {});
      return addDate(diff < 0 ? addDate(today, 0, 0, -7) : today, 0, 0, -diff);
    }
    case "d":
      return startOf(t, {});
    default:
      return undefined; // go-datemath panics on rounding to business days
  }
}
