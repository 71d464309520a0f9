/**
 * Text cells in Arrow (strings as Utf8, json cells as Binary): UTF-8 bytes laid end to end
 * with int32 offsets, as the SDK writes them. Newer writers' layouts are rewritten to it on
 * reading, and the cells of an ASCII column are cut from one decoded string.
 */
import { isAscii } from "node:buffer";
import { Binary, type Data, DataType, makeData, Utf8 } from "apache-arrow";
import type { Field } from "../../model/frame.js";
import { invalid } from "../invalid.js";
import {
  checkLength,
  checkOffsets,
  clearBit,
  isPresent,
  nullsOf,
  validityFor,
  validityOf,
} from "./buffers.js";

/** Writes cells (null, or text from `textOf`) as UTF-8 data plus int32 offsets. */
export function encodeText(
  field: Field,
  rows: number,
  type: Utf8 | Binary,
  textOf: (value: unknown, row: number) => string,
): Data {
  const values = field.values as ArrayLike<unknown>;
  const offsets = new Int32Array(rows + 1);
  const validity = validityFor(field.nullable, rows);
  // Bytes written cell by cell: no text of the whole column is built, so nothing but this
  // buffer outlives a cell (a joined rope survived the young generation's collections).
  let bytes: Buffer = Buffer.allocUnsafe(Math.max(64, rows * 16));
  let used = 0;
  let nullCount = 0;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (value === null && validity !== undefined) {
      clearBit(validity, i);
      nullCount += 1;
    } else {
      const text = textOf(value, i);
      if (used + text.length * 3 > bytes.length) bytes = grown(bytes, used, text.length * 3);
      used = writeCell(bytes, used, text);
    }
    offsets[i + 1] = used;
  }
  return textData(type, rows, validity, nullCount, offsets, bytes.subarray(0, used));
}

/** A buffer at least twice as large with the first `used` bytes of `bytes`, room for `need` more. */
function grown(bytes: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(bytes.length * 2, used + need));
  bytes.copy(next, 0, 0, used);
  return next;
}

/**
 * Writes `text` as UTF-8 at `at` (room for 3 bytes per UTF-16 unit); returns where it ends.
 * ASCII goes byte by byte; from the first other character the rest goes through Buffer's
 * encoder, which writes a lone surrogate as U+FFFD as TextEncoder does.
 */
function writeCell(bytes: Buffer, at: number, text: string): number {
  const length = text.length;
  for (let k = 0; k < length; k++) {
    const code = text.charCodeAt(k);
    if (code > 0x7f) return at + bytes.write(text.slice(k), at + k, "utf8") + k;
    bytes[at + k] = code;
  }
  return at + length;
}

/** Arrow data of cells laid end to end in `data`, ending at byte `offsets[i + 1]`. */
export function textData(
  type: Utf8 | Binary,
  rows: number,
  validity: Uint8Array | undefined,
  nullCount: number,
  offsets: Int32Array,
  data: Uint8Array,
): Data {
  return makeData({
    type,
    length: rows,
    ...nullsOf(validity, nullCount),
    valueOffsets: offsets,
    data,
  } as never);
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
    const bitmap = validityOf(chunk, where);
    const first = offsets[0]!;
    const last = offsets[chunk.length]!;
    const { offset, length } = chunk;
    at = isAscii(bytes.subarray(first, last))
      ? cutAscii(
          out,
          at,
          offsets,
          bytes,
          bytes.toString("latin1", first, last),
          bitmap,
          offset,
          length,
        )
      : readUtf8(out, at, offsets, bytes, bitmap, offset, length);
  }
  return out;
}

function readUtf8(
  out: (string | null)[],
  at: number,
  offsets: Int32Array,
  bytes: Buffer,
  bitmap: Uint8Array | undefined,
  bit: number,
  length: number,
): number {
  for (let i = 0; i < length; i++, at++, bit++) {
    out[at] = isPresent(bitmap, bit) ? bytes.toString("utf8", offsets[i]!, offsets[i + 1]!) : null;
  }
  return at;
}

// Repeated cells of an ASCII text column cut once: a small direct-mapped cache of the strings
// already cut, so that "ok", "ok", "ok"… share one string (fewer young objects for the garbage
// collector to copy). It stops looking once cells rarely repeat.
const SLOTS = 1024;
const MASK = SLOTS - 1;
// Misses beyond hits that mean "mostly distinct cells": slicing alone is cheaper then.
const GIVE_UP = 256;

/**
 * Cuts the cells of an ASCII chunk from `whole` (the text of its bytes from offsets[0]), null
 * where the validity bit (from `bit`) is clear, into out[at..]; returns the next `at`.
 */
function cutAscii(
  out: (string | null)[],
  at: number,
  offsets: Int32Array,
  bytes: Uint8Array,
  whole: string,
  bitmap: Uint8Array | undefined,
  bit: number,
  length: number,
): number {
  const starts = new Int32Array(SLOTS);
  const lengths = new Int32Array(SLOTS).fill(-1);
  const strings: string[] = new Array(SLOTS).fill("");
  const first = offsets[0]!;
  let balance = 0; // misses minus hits
  for (let i = 0; i < length; i++, at++, bit++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const size = to - from;
    if (!isPresent(bitmap, bit)) out[at] = null;
    else if (size === 0 || balance > GIVE_UP) out[at] = whole.slice(from - first, to - first);
    else {
      const slot =
        ((size << 5) ^ (bytes[from]! << 3) ^ (bytes[from + (size >> 1)]! << 7) ^ bytes[to - 1]!) &
        MASK;
      if (lengths[slot] === size && sameBytes(bytes, starts[slot]!, from, size)) {
        balance -= 1;
        out[at] = strings[slot]!;
      } else {
        balance += 1;
        const text = whole.slice(from - first, to - first);
        starts[slot] = from;
        lengths[slot] = size;
        strings[slot] = text;
        out[at] = text;
      }
    }
  }
  return at;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

// Text and binary columns of newer Arrow writers (pyarrow, arrow-go): LargeUtf8/LargeBinary
// (int64 offsets) and Utf8View/BinaryView (16-byte views into variadic buffers), rewritten
// as the int32-offset layout the SDK writes, after checking every offset and view.
const VIEW_BYTES = 16;
const INLINE_BYTES = 12; // a view holds up to 12 bytes itself
const MAX_BYTES = 2147483647; // int32 offsets

/** The chunks in the Utf8/Binary layout (int32 offsets, one data buffer). */
export function plainTextChunks(chunks: readonly Data[], where: string): Data[] {
  return chunks.map((chunk) => plainTextChunk(chunk, where));
}

function plainTextChunk(chunk: Data, where: string): Data {
  const type = chunk.type as DataType;
  if (DataType.isUtf8(type) || DataType.isBinary(type)) return chunk;
  const plain = DataType.isLargeUtf8(type) || DataType.isUtf8View(type) ? new Utf8() : new Binary();
  const { offsets, data } =
    DataType.isLargeUtf8(type) || DataType.isLargeBinary(type)
      ? fromLarge(chunk, where)
      : fromViews(chunk, where);
  const bitmap = validityOf(chunk, where);
  const validity = validityFor(bitmap !== undefined, chunk.length);
  let nullCount = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (validity !== undefined && !isPresent(bitmap, chunk.offset + i)) {
      clearBit(validity, i);
      nullCount += 1;
    }
  }
  return textData(plain, chunk.length, validity, nullCount, offsets, data);
}

function fromLarge(chunk: Data, where: string): { offsets: Int32Array; data: Uint8Array } {
  const large = chunk.valueOffsets as unknown as BigInt64Array;
  const values = chunk.values as Uint8Array;
  checkLength(large.length, chunk.length + 1, where);
  const offsets = new Int32Array(chunk.length + 1);
  for (let i = 0; i <= chunk.length; i++) offsets[i] = smallOffset(large[i]!, values, where);
  checkOffsets(offsets, chunk.length, values.length, where);
  const first = offsets[0]!;
  for (let i = 0; i <= chunk.length; i++) offsets[i]! -= first;
  return { offsets, data: values.subarray(first, first + offsets[chunk.length]!) };
}

function smallOffset(offset: bigint, values: Uint8Array, where: string): number {
  if (offset < 0n || offset > BigInt(Math.min(values.length, MAX_BYTES))) {
    throw invalid(`Arrow ${where}: value offsets past the data (garbled file)`);
  }
  return Number(offset);
}

function fromViews(chunk: Data, where: string): { offsets: Int32Array; data: Uint8Array } {
  const views = chunk.values as Uint8Array;
  checkLength(views.length, chunk.length * VIEW_BYTES, where);
  const words = new DataView(views.buffer, views.byteOffset, chunk.length * VIEW_BYTES);
  const buffers = chunk.variadicBuffers;
  const bitmap = validityOf(chunk, where);
  const offsets = new Int32Array(chunk.length + 1);
  const cells: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (isPresent(bitmap, chunk.offset + i)) {
      const cell = viewedBytes(words, views, buffers, i * VIEW_BYTES, where);
      if (size + cell.length > MAX_BYTES) throw invalid(`Arrow ${where}: column too large`);
      cells.push(cell);
      size += cell.length;
    }
    offsets[i + 1] = size;
  }
  const data = new Uint8Array(size);
  let at = 0;
  for (const cell of cells) {
    data.set(cell, at);
    at += cell.length;
  }
  return { offsets, data };
}

/** The bytes one view points at: inline, or a checked range of a variadic buffer. */
function viewedBytes(
  words: DataView,
  views: Uint8Array,
  buffers: readonly Uint8Array[],
  at: number,
  where: string,
): Uint8Array {
  const length = words.getInt32(at, true);
  if (length >= 0 && length <= INLINE_BYTES) return views.subarray(at + 4, at + 4 + length);
  const buffer = buffers[words.getInt32(at + 8, true)];
  const offset = words.getInt32(at + 12, true);
  if (length < 0 || buffer === undefined || offset < 0 || offset + length > buffer.length) {
    throw invalid(`Arrow ${where}: string view out of range (garbled file)`);
  }
  return buffer.subarray(offset, offset + length);
}
