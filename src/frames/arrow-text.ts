import { isAscii } from "node:buffer";
import { type Binary, type Data, makeData, type Utf8 } from "apache-arrow";
import type { Field } from "../model/frame.js";
import { checkOffsets, validityOf } from "./arrow-chunks.js";
import { TextCache } from "./arrow-text-cache.js";
import { isPresent, NullTracker } from "./validity.js";

/** Writes cells (null, or text from `textOf`) as UTF-8 data plus int32 offsets. */
export function encodeText(
  field: Field,
  rows: number,
  type: Utf8 | Binary,
  textOf: (value: unknown, row: number) => string,
): Data {
  const values = field.values as ArrayLike<unknown>;
  const offsets = new Int32Array(rows + 1);
  const nulls = new NullTracker(rows);
  // One rope built while checking: cheaper than an array of texts and a join.
  let joined = "";
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (value === null && field.nullable) nulls.markNull(i);
    else joined += textOf(value, i);
    offsets[i + 1] = joined.length;
  }
  return textData(type, rows, nulls, offsets, utf8Of(joined, rows, offsets));
}

/** Arrow data of cells laid end to end in `data`, ending at byte `offsets[i + 1]`. */
export function textData(
  type: Utf8 | Binary,
  rows: number,
  nulls: NullTracker,
  offsets: Int32Array,
  data: Uint8Array,
): Data {
  return makeData({
    type,
    length: rows,
    nullCount: nulls.nullCount,
    nullBitmap: nulls.result(),
    valueOffsets: offsets,
    data,
  } as never);
}

/** The UTF-8 bytes of texts joined at UTF-16 `offsets` (rewritten as byte offsets). */
function utf8Of(joined: string, rows: number, offsets: Int32Array): Uint8Array {
  // All-ASCII text (the usual case): one copy, UTF-16 offsets are byte offsets.
  return Buffer.byteLength(joined, "utf8") === joined.length
    ? Buffer.from(joined, "latin1")
    : writeUtf8(joined, rows, offsets);
}

// Cell by cell: a surrogate pair split across two cells stays two U+FFFD, not one character.
function writeUtf8(joined: string, rows: number, offsets: Int32Array): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(64, joined.length * 3));
  let used = 0;
  let start = 0;
  for (let i = 0; i < rows; i++) {
    const end = offsets[i + 1]!;
    if (end > start) used += bytes.write(joined.slice(start, end), used);
    offsets[i + 1] = used;
    start = end;
  }
  return bytes.subarray(0, used);
}

/** Reads UTF-8 cells; all-ASCII data is decoded once and cut (no per-cell decoding). */
export function decodeText(
  chunks: readonly Data[],
  rows: number,
  where: string,
): (string | null)[] {
  const out: (string | null)[] = new Array(rows);
  let at = 0;
  for (const chunk of chunks) {
    const offsets = chunk.valueOffsets as Int32Array;
    const data = chunk.values as Uint8Array;
    checkOffsets(offsets, chunk.length, data.length, where);
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const first = offsets[0]!;
    const last = offsets[chunk.length]!;
    const ascii = isAscii(bytes.subarray(first, last));
    const cache = new TextCache(data, ascii ? bytes.toString("latin1", first, last) : "", first);
    const bitmap = validityOf(chunk, where);
    for (let i = 0; i < chunk.length; i++, at++) {
      if (!isPresent(bitmap, chunk.offset + i)) out[at] = null;
      else if (ascii) out[at] = cache.cut(offsets[i]!, offsets[i + 1]!);
      else out[at] = bytes.toString("utf8", offsets[i]!, offsets[i + 1]!);
    }
  }
  return out;
}
