import { type Data, makeData, TimestampNanosecond } from "apache-arrow";
import type { Field } from "../model/frame.js";
import { checkLength, chunksHaveNulls, validityOf } from "./arrow-chunks.js";
import type { ArrowCodec, DecodedColumn } from "./arrow-codec.js";
import { badValue } from "./bad-value.js";
import { invalid } from "./invalid.js";
import { isNanos, normalizeTime, readNs, writeNs } from "./time-ns.js";
import { isPresent, NullTracker } from "./validity.js";

/** Time as Timestamp(NANOSECOND) of epoch ms * 1e6 + nanos, written exactly as two int32 words. */
export const timeCodec: ArrowCodec = {
  arrowType: () => new TimestampNanosecond(),
  encode(field, rows, where) {
    const words = new Int32Array(rows * 2);
    const nulls = new NullTracker(rows);
    encodeTimes(field, rows, where, words, nulls);
    return makeData({
      type: new TimestampNanosecond(),
      length: rows,
      nullCount: nulls.nullCount,
      nullBitmap: nulls.result(),
      data: new BigInt64Array(words.buffer),
    } as never);
  },
  decode: decodeTimes,
};

function encodeTimes(
  field: Field,
  rows: number,
  where: string,
  words: Int32Array,
  nulls: NullTracker,
): void {
  const values = field.values as ArrayLike<unknown>;
  const nanos = field.nanos;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      if (value === null && field.nullable) nulls.markNull(i);
      else throw badValue(where, i, value, "a time (epoch milliseconds)");
      continue;
    }
    const ns = nanos === undefined ? 0 : nanos[i]!;
    if (!isNanos(ns)) throw invalid(`${where} row ${i}: nanos ${ns} is not an integer 0..999999`);
    const written = Number.isInteger(value)
      ? writeNs(words, i, value, ns)
      : writeNs(words, i, ...normalizeTime(value, ns));
    if (!written) {
      throw invalid(`${where} row ${i}: time ${value} ms is outside the int64 nanosecond range`);
    }
  }
}

// Every Timestamp is read as nanoseconds whatever its unit, as Grafana does: SDKs before
// v0.122 declared unit SECOND but wrote nanoseconds.
function decodeTimes(chunks: readonly Data[], rows: number, where: string): DecodedColumn {
  // Check before allocating: a garbled row count could ask for gigabytes.
  for (const chunk of chunks)
    checkLength((chunk.values as BigInt64Array).length, chunk.length, where);
  const ms = new Float64Array(rows);
  const nanos = new Int32Array(rows);
  const hasNulls = chunksHaveNulls(chunks, where);
  const out: (number | null)[] | undefined = hasNulls ? new Array(rows) : undefined;
  let at = 0;
  let anyNanos = false;
  for (const chunk of chunks) {
    const values = chunk.values as BigInt64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, chunk.length * 2);
    const bitmap = validityOf(chunk, where);
    for (let i = 0; i < chunk.length; i++, at++) {
      const valid = isPresent(bitmap, chunk.offset + i);
      if (valid) readNs(words, i, ms, nanos, at);
      if (valid && nanos[at] !== 0) anyNanos = true;
      if (out !== undefined) out[at] = valid ? ms[at]! : null;
    }
  }
  const values = out ?? ms;
  return anyNanos ? { values, nanos } : { values };
}
