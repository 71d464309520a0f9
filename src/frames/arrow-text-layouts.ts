/**
 * Text and binary columns of newer Arrow writers (pyarrow, arrow-go): LargeUtf8/LargeBinary
 * (int64 offsets) and Utf8View/BinaryView (16-byte views into variadic buffers), rewritten
 * as the int32-offset layout the SDK writes, after checking every offset and view.
 */
import { Binary, type Data, DataType, makeData, Utf8 } from "apache-arrow";
import { checkLength, checkOffsets, validityOf } from "./arrow-chunks.js";
import { invalid } from "./invalid.js";
import { isPresent, NullTracker } from "./validity.js";

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
  const nulls = new NullTracker(chunk.length);
  const bitmap = validityOf(chunk, where);
  for (let i = 0; i < chunk.length; i++) {
    if (!isPresent(bitmap, chunk.offset + i)) nulls.markNull(i);
  }
  return makeData({
    type: plain,
    length: chunk.length,
    nullCount: nulls.nullCount,
    nullBitmap: nulls.result(),
    valueOffsets: offsets,
    data,
  } as never);
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
