import type { Data } from "apache-arrow";
import { invalid } from "./invalid.js";
import { bitmapBytes, getBit } from "./validity.js";

/** Whether any chunk holds nulls (after checking that its bitmap is long enough). */
export function chunksHaveNulls(chunks: readonly Data[], where: string): boolean {
  let any = false;
  for (const chunk of chunks) {
    if (chunk.nullCount <= 0) continue;
    if ((chunk.nullBitmap?.length ?? 0) < bitmapBytes(chunk.offset + chunk.length)) {
      throw invalid(`Arrow ${where}: validity bitmap shorter than the column (garbled file)`);
    }
    any = true;
  }
  return any;
}

/** Whether row `i` of a chunk holds a value (not null). */
export function isValidAt(chunk: Data, i: number): boolean {
  return chunk.nullCount <= 0 || getBit(chunk.nullBitmap!, chunk.offset + i);
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
