/**
 * The buffers of Arrow columns: validity bitmaps (LSB-first, bit set = value present), built
 * while encoding, and the checks a decoded chunk's buffers must pass before they are read.
 */
import type { Data } from "apache-arrow";
import { invalid } from "../invalid.js";

export function bitmapBytes(rows: number): number {
  // Arrow buffers are padded to 8 bytes by the writer; the bitmap itself needs ceil(rows/8).
  return (rows + 7) >> 3;
}

export function setBit(bitmap: Uint8Array, i: number): void {
  bitmap[i >> 3]! |= 1 << (i & 7);
}

export function getBit(bitmap: Uint8Array, i: number): boolean {
  return (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;
}

/** Whether bit `i` of an optional validity bitmap says "present" (no bitmap: all are). */
export function isPresent(bitmap: Uint8Array | undefined, i: number): boolean {
  return bitmap === undefined || getBit(bitmap, i);
}

/**
 * The validity bitmap a nullable column is written with: every bit set, a null clears its
 * own. Undefined for a non-nullable column, which never needs one.
 */
export function validityFor(nullable: boolean, rows: number): Uint8Array | undefined {
  return nullable ? new Uint8Array(bitmapBytes(rows)).fill(0xff) : undefined;
}

export function clearBit(bitmap: Uint8Array, i: number): void {
  bitmap[i >> 3]! &= ~(1 << (i & 7));
}

/**
 * What a column's writing loop returns: its null count, or -(row + 1) for the first value
 * that does not fit. Loops hold plain arrays and numbers only, so that a full garbage
 * collection, which drops the hidden classes of dead objects, leaves their compiled code.
 */
export type LoopResult = number;

/** The row a failed loop stopped at, or -1 when it did not fail. */
export function failedRow(result: LoopResult): number {
  return result < 0 ? -result - 1 : -1;
}

/** makeData's validity fields: the bitmap only when some value is null. */
export function nullsOf(bitmap: Uint8Array | undefined, nullCount: number) {
  return { nullCount, nullBitmap: nullCount > 0 ? bitmap : undefined };
}

/** Whether any chunk holds nulls (after checking that their bitmaps are long enough). */
export function chunksHaveNulls(chunks: readonly Data[], where: string): boolean {
  let any = false;
  for (const chunk of chunks) if (validityOf(chunk, where) !== undefined) any = true;
  return any;
}

/** A chunk's validity bitmap (length checked), or undefined without nulls; nullCount is a getter. */
export function validityOf(chunk: Data, where: string): Uint8Array | undefined {
  if (chunk.nullCount <= 0) return undefined;
  const bitmap = chunk.nullBitmap;
  if (bitmap === undefined || bitmap.length < bitmapBytes(chunk.offset + chunk.length)) {
    throw invalid(`Arrow ${where}: validity bitmap shorter than the column (garbled file)`);
  }
  return bitmap;
}

/** Fails unless a fixed-width buffer holds `need` elements. */
export function checkLength(have: number, need: number, where: string): void {
  if (have < need) {
    throw invalid(`Arrow ${where}: data buffer shorter than the column (garbled file)`);
  }
}

/** Fails unless variable-width offsets are monotonic and inside the data buffer. */
export function checkOffsets(
  offsets: Int32Array,
  rows: number,
  bytes: number,
  where: string,
): void {
  checkLength(offsets.length, rows + 1, where);
  let previous = offsets[0]!;
  if (previous < 0) throw invalid(`Arrow ${where}: negative value offset (garbled file)`);
  for (let i = 1; i <= rows; i++) {
    const next = offsets[i]!;
    if (next < previous) throw invalid(`Arrow ${where}: value offsets go backwards (garbled file)`);
    previous = next;
  }
  if (previous > bytes) throw invalid(`Arrow ${where}: value offsets past the data (garbled file)`);
}
