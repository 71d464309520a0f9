/** Arrow validity bitmaps (LSB-first; bit set = value present). */

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

/** Collects nulls while a column is being encoded; the bitmap exists only once a null is seen. */
export class NullTracker {
  private bitmap: Uint8Array | undefined;
  nullCount = 0;

  constructor(private readonly rows: number) {}

  markNull(i: number): void {
    if (this.bitmap === undefined) {
      this.bitmap = new Uint8Array(bitmapBytes(this.rows)).fill(0xff);
    }
    this.bitmap[i >> 3]! &= ~(1 << (i & 7));
    this.nullCount += 1;
  }

  /** The validity bitmap, or undefined when no value was null. */
  result(): Uint8Array | undefined {
    return this.bitmap;
  }
}
