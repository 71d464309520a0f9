import { isAscii } from "node:buffer";
import { Binary, type Data, makeData, Utf8 } from "apache-arrow";
import type { Field } from "../model/frame.js";
import { checkOffsets, chunksHaveNulls, isValidAt } from "./arrow-chunks.js";
import type { ArrowCodec } from "./arrow-codec.js";
import { badValue } from "./bad-value.js";
import { invalid, messageOf } from "./invalid.js";
import { NullTracker } from "./validity.js";

/** Strings as Utf8 (never Dictionary, LargeUtf8 or Utf8View: SDK readers reject them). */
export const stringCodec: ArrowCodec = {
  arrowType: () => new Utf8(),
  encode: (field, rows, where) =>
    encodeText(field, rows, new Utf8(), (value, i) => {
      if (typeof value === "string") return value;
      throw badValue(where, i, value, "a string");
    }),
  decode: (chunks, rows, where) => ({ values: decodeText(chunks, rows, where) }),
};

/** JSON values as Binary holding their UTF-8 JSON text (Go's json.RawMessage). */
export const jsonCodec: ArrowCodec = {
  arrowType: () => new Binary(),
  encode: (field, rows, where) =>
    encodeText(field, rows, new Binary(), (value, i) => jsonText(value, where, i)),
  decode(chunks, rows, where) {
    const texts = decodeText(chunks, rows, where);
    const values = texts.map((text, i) => (text === null ? null : parseJsonCell(text, where, i)));
    return { values };
  },
};

function jsonText(value: unknown, where: string, row: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (thrown) {
    throw invalid(`${where} row ${row}: value cannot be written as JSON: ${messageOf(thrown)}`);
  }
  if (text === undefined) throw badValue(where, row, value, "a JSON value");
  return text;
}

function parseJsonCell(text: string, where: string, row: number): unknown {
  if (text === "") return null; // an empty json.RawMessage is Go's nil
  try {
    return JSON.parse(text);
  } catch (thrown) {
    throw invalid(`Arrow ${where} row ${row}: invalid JSON: ${messageOf(thrown)}`);
  }
}

/** Writes cells (null, or text from `textOf`) as UTF-8 data plus int32 offsets. */
function encodeText(
  field: Field,
  rows: number,
  type: Utf8 | Binary,
  textOf: (value: unknown, row: number) => string,
): Data {
  const values = field.values as ArrayLike<unknown>;
  const offsets = new Int32Array(rows + 1);
  const nulls = new NullTracker(rows);
  let bytes: Buffer = Buffer.allocUnsafe(Math.max(64, rows * 8));
  let used = 0;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (value === null && field.nullable) nulls.markNull(i);
    else {
      const text = textOf(value, i);
      // UTF-8 needs at most 3 bytes per UTF-16 unit.
      if (used + text.length * 3 > bytes.length) bytes = grow(bytes, used, text.length * 3);
      used += bytes.write(text, used);
    }
    offsets[i + 1] = used;
  }
  return makeData({
    type,
    length: rows,
    nullCount: nulls.nullCount,
    nullBitmap: nulls.result(),
    valueOffsets: offsets,
    data: bytes.subarray(0, used),
  } as never);
}

function grow(bytes: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(bytes.length * 2, used + need));
  bytes.copy(next, 0, 0, used);
  return next;
}

/** Reads UTF-8 cells; all-ASCII data is decoded once and sliced (no per-cell decoding). */
function decodeText(chunks: readonly Data[], rows: number, where: string): (string | null)[] {
  const out: (string | null)[] = new Array(rows);
  const hasNulls = chunksHaveNulls(chunks, where);
  let at = 0;
  for (const chunk of chunks) {
    const offsets = chunk.valueOffsets as Int32Array;
    const data = chunk.values as Uint8Array;
    checkOffsets(offsets, chunk.length, data.length, where);
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const first = offsets[0]!;
    const last = offsets[chunk.length]!;
    const ascii = isAscii(bytes.subarray(first, last));
    const whole = ascii ? bytes.toString("latin1", first, last) : "";
    for (let i = 0; i < chunk.length; i++, at++) {
      if (hasNulls && !isValidAt(chunk, i)) out[at] = null;
      else if (ascii) out[at] = whole.slice(offsets[i]! - first, offsets[i + 1]! - first);
      else out[at] = bytes.toString("utf8", offsets[i]!, offsets[i + 1]!);
    }
  }
  return out;
}
