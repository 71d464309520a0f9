import type { Field } from "../model/frame.js";
import { badValue } from "./bad-value.js";
import { invalid } from "./invalid.js";
import { arrayText, noEntities } from "./json-cells.js";
import type { ColumnExtras, JsonColumnCodec, ReadColumn, WrittenColumn } from "./json-column.js";
import { numbersText } from "./number-writer.js";
import { fitsInt64Ns, isNanos, normalizeTime } from "./time-ns.js";

const NS_PER_MS = 1e6;

/** Time as epoch ms, the sub-millisecond rest in the field's `nanos` (only when any is set). */
export const timeColumn: JsonColumnCodec = {
  write: writeTimes,
  read(raw, extras, where) {
    noEntities(extras, where);
    return readTimes(raw, nanosOf(extras, raw.length, where), where);
  },
};

// Whole milliseconds in this range fit int64 nanoseconds whatever their nanos.
const SAFE_MS = 9223372036853;

function writeTimes(field: Field, rows: number, where: string): WrittenColumn {
  const values = field.values as ArrayLike<unknown>;
  if (field.nanos === undefined && wholeMilliseconds(values, rows, field.nullable)) {
    return { text: numbersText(values) }; // the common case: whole milliseconds, no nanos
  }
  const parts: unknown[] = new Array(rows);
  let nanos: number[] | undefined;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      if (value === null && field.nullable) parts[i] = "null";
      else throw badValue(where, i, value, "a time (epoch milliseconds)");
      continue;
    }
    const ns = field.nanos === undefined ? 0 : field.nanos[i]!;
    if (!isNanos(ns)) throw invalid(`${where} row ${i}: nanos ${ns} is not an integer 0..999999`);
    const [ms, rest] = Number.isInteger(value) ? [value, ns] : normalizeTime(value, ns);
    if (!fitsInt64Ns(ms, rest)) {
      throw invalid(`${where} row ${i}: time ${value} ms is outside the int64 nanosecond range`);
    }
    parts[i] = ms;
    if (rest !== 0) {
      nanos ??= new Array<number>(rows).fill(0);
      nanos[i] = rest;
    }
  }
  const text = arrayText(parts);
  return nanos === undefined ? { text } : { text, nanos };
}

function wholeMilliseconds(values: ArrayLike<unknown>, rows: number, nullable: boolean): boolean {
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value === "number") {
      if (!Number.isInteger(value) || value > SAFE_MS || value < -SAFE_MS) return false;
    } else if (value !== null || !nullable) return false;
  }
  return true;
}

function nanosOf(
  extras: ColumnExtras,
  rows: number,
  where: string,
): readonly unknown[] | undefined {
  const nanos = extras.nanos;
  if (nanos === null || nanos === undefined) return undefined;
  if (!Array.isArray(nanos) || nanos.length !== rows) {
    throw invalid(`frame JSON ${where}: nanos must be null or an array of ${rows} integers`);
  }
  return nanos;
}

function readTimes(
  raw: readonly unknown[],
  extraNanos: readonly unknown[] | undefined,
  where: string,
): ReadColumn {
  const ms = new Float64Array(raw.length);
  const nanos = new Int32Array(raw.length);
  let out: (number | null)[] | undefined;
  let anyNanos = false;
  for (let i = 0; i < raw.length; i++) {
    const value = raw[i];
    const extra = extraNanos === undefined ? 0 : extraNanos[i];
    if (typeof extra !== "number" || !Number.isInteger(extra)) {
      throw invalid(`frame JSON ${where}: nanos[${i}] is not an integer`);
    }
    if (value === null) {
      out ??= Array.from(ms.subarray(0, i));
      out[i] = null;
      continue;
    }
    if (
      extra === 0 &&
      Number.isInteger(value) &&
      (value as number) <= SAFE_MS &&
      (value as number) >= -SAFE_MS
    ) {
      ms[i] = value as number; // the common case: whole milliseconds, no nanos
      if (out !== undefined) out[i] = value as number;
      continue;
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw badValue(`frame JSON ${where}`, i, value, "a time (epoch milliseconds)");
    }
    // Go adds nanos to the time, so any integer carries into the milliseconds.
    const carry = Math.floor(extra / NS_PER_MS);
    const [whole, rest] = normalizeTime(value + carry, extra - carry * NS_PER_MS);
    if (!fitsInt64Ns(whole, rest)) {
      throw invalid(
        `frame JSON ${where} row ${i}: time ${value} is outside the int64 nanosecond range`,
      );
    }
    ms[i] = whole;
    nanos[i] = rest;
    if (rest !== 0) anyNanos = true;
    if (out !== undefined) out[i] = whole;
  }
  const values = out ?? ms;
  return anyNanos
    ? { values, nanos, hasNull: out !== undefined }
    : { values, hasNull: out !== undefined };
}
