import { isAscii } from "node:buffer";
import { type Binary, type Data, makeData, type Utf8 } from "apache-arrow";
import type { Field } from "../model/frame.js";
import { checkOffsets, chunksHaveNulls, isValidAt } from "./arrow-chunks.js";
import { NullTracker } from "./validity.js";

/** Writes cells (null, or text from `textOf`) as UTF-8 data plus int32 offsets. */
export function encodeText(
  field: Field,
  rows: number,
  type: Utf8 | Binary,
  textOf: (value: unknown, row: number) => string,
): Data {
  const values = field.values as ArrayLike<unknown>;
  const texts: (string | null)[] = new Array(rows);
  const offsets = new Int32Array(rows + 1);
  const nulls = new NullTracker(rows);
  let units = 0;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (value === null && field.nullable) {
      nulls.markNull(i);
      texts[i] = null;
    } else {
      const text = textOf(value, i);
      texts[i] = text;
      units += text.length;
    }
    offsets[i + 1] = units;
  }
  // All-ASCII text (the usual case): one join and one copy, UTF-16 offsets are byte offsets.
  const joined = texts.join("");
  const data =
    Buffer.byteLength(joined, "utf8") === joined.length
      ? Buffer.from(joined, "latin1")
      : writeUtf8(texts, offsets);
  return makeData({
    type,
    length: rows,
    nullCount: nulls.nullCount,
    nullBitmap: nulls.result(),
    valueOffsets: offsets,
    data,
  } as never);
}

/** Writes texts one by one, rewriting `offsets` as byte offsets. */
function writeUtf8(texts: readonly (string | null)[], offsets: Int32Array): Buffer {
  let bytes: Buffer = Buffer.allocUnsafe(Math.max(64, offsets[texts.length]! * 3));
  let used = 0;
  texts.forEach((text, i) => {
    if (text !== null) {
      // UTF-8 needs at most 3 bytes per UTF-16 unit.
      if (used + text.length * 3 > bytes.length) bytes = grow(bytes, used, text.length * 3);
      used += bytes.write(text, used);
    }
    offsets[i + 1] = used;
  });
  return bytes.subarray(0, used);
}

function grow(bytes: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(bytes.length * 2, used + need));
  bytes.copy(next, 0, 0, used);
  return next;
}

/** Reads UTF-8 cells; all-ASCII data is decoded once and sliced (no per-cell decoding). */
export function decodeText(
  chunks: readonly Data[],
  rows: number,
  where: string,
): (string | null)[] {
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
