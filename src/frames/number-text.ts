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
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(Number(value.toPrecision(9)));
}

/** Whether a float cannot be written as a JSON number (NaN, ±Inf) or loses its sign (-0). */
export function needsCare(value: number): boolean {
  return (
    Number.isNaN(value) ||
    value === Infinity ||
    value === -Infinity ||
    (value === 0 && 1 / value < 0)
  );
}
