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
  return shortestScaled(value) ?? float32TextByPrecision(value);
}

/** float32Text by printing each precision with toPrecision: slower, but for any value. */
export function float32TextByPrecision(value: number): string {
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

// Powers of ten up to 1e22 are exact doubles, so n / 10^k rounds once, as Number(text) does.
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

function powerOfTen(exponent: number): number {
  return exponent >= 0 ? POWERS[exponent]! : 1 / POWERS[-exponent]!;
}

/**
 * The same search as above with each candidate n / 10^k rounded from |value| * 10^k rather
 * than printed by toPrecision, and written from n's digits rather than by String() (the
 * slow part); undefined outside 1e-6..1e21 (exponent form, inexact powers) and near a tie,
 * where the product's own rounding might pick the other neighbour.
 */
function shortestScaled(value: number): string | undefined {
  const a = Math.abs(value);
  let exponent = Math.floor(Math.log10(a));
  if (exponent < -6 || exponent > 20) return undefined;
  if (a >= powerOfTen(exponent + 1)) exponent += 1;
  else if (a < powerOfTen(exponent)) exponent -= 1;
  if (exponent < -6 || exponent > 20) return undefined;
  let best = -1;
  let bestK = 0;
  for (let digits = 9; digits > 0; digits--) {
    const k = digits - 1 - exponent;
    const scaled = k >= 0 ? a * POWERS[k]! : a / POWERS[-k]!;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) return undefined;
    const n = Math.round(scaled);
    if (Math.fround(k >= 0 ? n / POWERS[k]! : n * POWERS[-k]!) !== a) break;
    best = n;
    bestK = k;
  }
  return best < 0 ? undefined : decimalText(value < 0, best, bestK);
}

/** n / 10^k as String() writes it between 1e-6 and 1e21: fixed point, no trailing zeros. */
function decimalText(negative: boolean, n: number, k: number): string {
  while (n % 10 === 0) {
    n /= 10;
    k -= 1;
  }
  const digits = String(n);
  const whole = digits.length - k;
  const text =
    k <= 0
      ? digits + "0".repeat(-k)
      : whole > 0
        ? `${digits.slice(0, whole)}.${digits.slice(whole)}`
        : `0.${"0".repeat(-whole)}${digits}`;
  return negative ? `-${text}` : text;
}
