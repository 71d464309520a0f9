/**
 * Number formatting as Go's jsoniter writes it. JavaScript's shortest round-trip form
 * already matches Go's float64 output ('f' below 1e21, exponent otherwise); -0 and float32
 * need care.
 */

/** A float64 as JSON text; `-0` keeps its sign as Go writes it. */
export function float64Text(value: number): string {
  return value === 0 && 1 / value < 0 ? "-0" : String(value);
}

/** The shortest decimal that reads back as the same float32 (Go's WriteFloat32). */
export function float32Text(value: number): string {
  if (value === 0) return float64Text(value);
  // If d digits read back, so do d+1: binary-search the shortest count (9 always do).
  let low = 1;
  let high = 9;
  while (low < high) {
    const digits = (low + high) >> 1;
    if (Math.fround(Number(value.toPrecision(digits))) === value) high = digits;
    else low = digits + 1;
  }
  return String(Number(value.toPrecision(low)));
}
