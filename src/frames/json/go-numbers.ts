/**
 * Numbers as JSON text the way Go's jsoniter writes them. JavaScript's shortest round-trip
 * form already matches Go's float64 output ('f' below 1e21, exponent otherwise); -0 and
 * float32 need care. Columns of integers and short decimals are written digit by digit into
 * a byte buffer: about a third faster than JSON.stringify on timestamps and metric values,
 * with the same text as String(value).
 */

const SCALES = [1, 10, 100, 1000, 1e4, 1e5, 1e6];
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const OPEN = 0x5b;
const CLOSE = 0x5d;

class ByteText {
  private readonly bytes: Buffer;
  private at = 0;
  private readonly scratch = new Uint8Array(24);

  constructor(cells: number) {
    // A cell is at most 25 bytes ("-1.2345678901234567e-308" and a comma).
    this.bytes = Buffer.allocUnsafe(cells * 32 + 16);
  }

  byte(code: number): void {
    this.bytes[this.at++] = code;
  }

  ascii(text: string): void {
    this.at += this.bytes.write(text, this.at, "latin1");
  }

  /** A non-negative safe integer, zero-padded to `width` digits. */
  digits(value: number, width: number): void {
    if (value < 1e8) {
      this.smallDigits(value, width);
      return;
    }
    // Eight digits at a time keep the arithmetic in small integers.
    const high = Math.floor(value / 1e8);
    this.digits(high, Math.max(width - 8, 1));
    this.smallDigits(value - high * 1e8, 8);
  }

  private smallDigits(value: number, width: number): void {
    let count = 0;
    let rest = value | 0;
    do {
      const next = (rest / 10) | 0;
      this.scratch[count++] = 0x30 + rest - next * 10;
      rest = next;
    } while (rest > 0 || count < width);
    while (count > 0) this.bytes[this.at++] = this.scratch[--count]!;
  }

  text(): string {
    return this.bytes.toString("latin1", 0, this.at);
  }
}

/** Writes `value` when it is a safe integer or has at most 6 decimals; false otherwise. */
function writeShort(out: ByteText, value: number): boolean {
  if (Number.isSafeInteger(value)) {
    if (value < 0) out.byte(MINUS);
    out.digits(Math.abs(value), 1);
    return true;
  }
  for (let decimals = 1; decimals < SCALES.length; decimals++) {
    const scale = SCALES[decimals]!;
    const scaled = Math.round(value * scale);
    // scaled/scale === value: value is the double nearest that decimal, and below 1e15
    // digits no shorter decimal lies within its rounding interval, so it is the shortest.
    if (scaled / scale !== value || Math.abs(scaled) >= 1e15) continue;
    const magnitude = Math.abs(scaled);
    const whole = Math.floor(magnitude / scale);
    if (scaled < 0) out.byte(MINUS);
    out.digits(whole, 1);
    out.byte(DOT);
    out.digits(magnitude - whole * scale, decimals);
    return true;
  }
  return false;
}

/** Whether most of the first cells are short: if not, JSON.stringify is the faster writer. */
export function mostlyShort(values: ArrayLike<unknown>): boolean {
  const probe = new ByteText(32);
  let tried = 0;
  let short = 0;
  for (let i = 0; i < values.length && tried < 32; i++) {
    const value = values[i];
    if (typeof value !== "number" || value - value !== 0) continue;
    tried += 1;
    if (writeShort(probe, value)) short += 1;
  }
  return short * 4 >= tried * 3;
}

/** `[…]` of number cells; null, NaN and ±Inf are written as null, -0 as "-0". */
export function numbersText(values: ArrayLike<unknown>): string {
  const out = new ByteText(values.length);
  out.byte(OPEN);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out.byte(COMMA);
    writeCell(out, values[i]);
  }
  out.byte(CLOSE);
  return out.text();
}

/** `[a,b],[a,b],…` of pairs of number cells (legacy points), each cell as numbersText writes it. */
export function pairsText(pairs: ArrayLike<readonly [unknown, unknown]>): string {
  const out = new ByteText(pairs.length * 2);
  for (let i = 0; i < pairs.length; i++) {
    const [a, b] = pairs[i] as readonly [unknown, unknown];
    if (i > 0) out.byte(COMMA);
    out.byte(OPEN);
    writeCell(out, a);
    out.byte(COMMA);
    writeCell(out, b);
    out.byte(CLOSE);
  }
  return out.text();
}

function writeCell(out: ByteText, value: unknown): void {
  if (typeof value !== "number" || value - value !== 0) out.ascii("null");
  else if (value === 0 && 1 / value < 0) out.ascii("-0");
  else if (!writeShort(out, value)) out.ascii(String(value));
}

/** The cells as a real array: JSON.stringify (the fastest number writer) needs one. */
function plainArray(values: ArrayLike<unknown>): unknown[] {
  return Array.isArray(values) ? values : Array.from(values);
}

/** An integer column's checked cells; 64-bit ones (bigint) digit for digit. */
export function integerColumnText(
  values: ArrayLike<unknown>,
  wide: boolean,
  hasNulls: boolean,
): string {
  if (!wide) return JSON.stringify(plainArray(values));
  // join() writes bigints without "n" but null as "": spell nulls out when there are any.
  const cells = hasNulls
    ? Array.from(values, (value) => (value === null ? "null" : value))
    : values;
  return `[${Array.prototype.join.call(cells, ",")}]`;
}

/** A float64 column's checked cells (NaN and ±Inf as null); `negativeZeros` are its -0 rows. */
export function float64ColumnText(
  values: ArrayLike<unknown>,
  negativeZeros: readonly number[],
): string {
  if (mostlyShort(values)) return numbersText(values);
  // JSON.stringify writes -0 as 0.
  return negativeZeros.length > 0
    ? withNegativeZeros(plainArray(values), negativeZeros)
    : JSON.stringify(plainArray(values));
}

/** The native writer for the runs between -0 cells, "-0" (as Go writes it) for those. */
function withNegativeZeros(values: unknown[], negativeZeros: readonly number[]): string {
  const pieces: string[] = [];
  let from = 0;
  for (const at of negativeZeros) {
    if (at > from) pieces.push(JSON.stringify(values.slice(from, at)).slice(1, -1));
    pieces.push("-0");
    from = at + 1;
  }
  if (from < values.length) pieces.push(JSON.stringify(values.slice(from)).slice(1, -1));
  return `[${pieces.join(",")}]`;
}

/** A float32 column's checked cells at float32 precision (NaN and ±Inf as null). */
export function float32ColumnText(values: ArrayLike<unknown>): string {
  const parts = Array.from(values, (value) => {
    if (value === null) return "null";
    const wire = Math.fround(value as number);
    return wire - wire !== 0 ? "null" : float32Text(wire);
  });
  return `[${parts.join(",")}]`;
}

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
