/**
 * Time range parsing as grafana-plugin-sdk-go's `gtime.TimeRange` does it:
 * epoch milliseconds, then a duration before now (`5m`, `2d`), then datemath
 * (`now-6h`, `now/d`; `to` rounds up). Where Grafana silently falls back to
 * epoch 0, the shim says which field it could not read.
 */
import { ErrorCode, ShimError } from "../errors.js";
import { evaluateDatemath } from "./datemath-eval.js";
import { parseDatemath } from "./datemath-parser.js";
import { parseGrafanaDuration } from "./go-duration.js";

export interface ParseTimeOptions {
  readonly nowMs: number;
  /** `to` rounds up: `now/d` is the last millisecond of today. */
  readonly roundUp: boolean;
}

const int64 = /^[+-]?[0-9]+$/;
const maxInt64 = (1n << 63n) - 1n;
/** The range of a JavaScript Date. */
const maxMs = 8.64e15;

/** Epoch milliseconds of one raw time, or undefined when gtime would fail. */
export function parseTime(raw: string, options: ParseTimeOptions): number | undefined {
  // strconv.ParseInt(raw, 10, 64)
  if (int64.test(raw)) {
    const ms = BigInt(raw);
    if (ms <= maxInt64 && ms >= -maxInt64 - 1n) return inRange(Number(ms));
  }
  const diff = parseGrafanaDuration(raw);
  if (diff !== undefined) {
    // now.Add(-diff), read back as UnixNano()/1e6: truncation toward zero, in int64 nanoseconds.
    const ns = BigInt.asIntN(64, BigInt(options.nowMs) * 1_000_000n - diff);
    return inRange(Number(ns / 1_000_000n));
  }
  const expression = parseDatemath(raw);
  return expression && inRange(evaluateDatemath(expression, options));
}

function inRange(ms: number | undefined): number | undefined {
  return ms !== undefined && Math.abs(ms) <= maxMs ? ms : undefined;
}

export interface RawRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface ParsedRange {
  readonly fromRaw: string;
  readonly toRaw: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Parses `from` and `to` of a request. A missing or empty value stays epoch 0
 * as in Grafana (the Simple JSON variable query sends none); any other
 * unreadable value throws a ShimError naming the field.
 */
export function parseTimeRange(range: RawRange, nowMs: number): ParsedRange {
  const fromRaw = range.from ?? "";
  const toRaw = range.to ?? "";
  return {
    fromRaw,
    toRaw,
    fromMs: readField("from", fromRaw, { nowMs, roundUp: false }),
    toMs: readField("to", toRaw, { nowMs, roundUp: true }),
  };
}

function readField(field: string, raw: string, options: ParseTimeOptions): number {
  if (raw === "") return 0;
  const ms = parseTime(raw, options);
  if (ms !== undefined) return ms;
  const message = `cannot read ${JSON.stringify(raw)} as a time (epoch milliseconds, a duration like 5m or 2d, or datemath like now-6h or now/d)`;
  // The cause lists the problem like a zod issue, so an HTTP edge can name the field.
  throw new ShimError(ErrorCode.InvalidArgument, `${field}: ${message}`, {
    cause: { issues: [{ path: [field], message }] },
  });
}
