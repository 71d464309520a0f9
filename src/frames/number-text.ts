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
  // Nine digits always read back, and if d digits do, so do d+1: step down from nine
  // (most float32 values need seven to nine) until the next shorter one fails.
  let best = Number(value.toPrecision(9));
  for (let digits = 8; digits > 0; digits--) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) !== value) break;
    best = shorter;
  }
  return String(best);
}
