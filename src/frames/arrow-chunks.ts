import type { Data } from "apache-arrow";
import { invalid } from "./invalid.js";
import { bitmapBytes } from "./validity.js";

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
