/**
 * Numbers as JSON text the way Go's jsoniter writes them. JavaScript's shortest round-trip
 * form already matches Go's float64 output ('f' below 1e21, exponent otherwise); -0 and
 * float32 need care. Columns of integers and short decimals are written digit by digit into
 * a byte buffer: about a third faster than JSON.stringify on timestamps and metric values,
 * with the same text as String(value).
 */

import { HIGH, LOW, SIGN, TWO32 } from "../int64-halves.js";

const SCALES = [1, 10, 100, 1000, 1e4, 1e5, 1e6];
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const OPEN = 0x5b;
const CLOSE = 0x5d;

// "00" to "99": digits are written two at a time.
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) =>
  i % 2 === 0 ? 0x30 + Math.floor(i / 20) : 0x30 + ((i >> 1) % 10),
);

function digitCount(value: number): number {
  if (value < 1e4) return value < 100 ? (value < 10 ? 1 : 2) : value < 1000 ? 3 : 4;
  return value < 1e6 ? (value < 1e5 ? 5 : 6) : value < 1e7 ? 7 : 8;
}

// A 64-bit cell given as bigint is read through this: storing it needs no allocation.
const scratch = new BigInt64Array(1);
const scratchHalves = new Uint32Array(scratch.buffer);

// What is kept of the writer's bytes between texts: larger buffers go after their text.
const SPARE_BYTES = 4 << 20;

class ByteText {
  private bytes = Buffer.allocUnsafe(0);
  private at = 0;

  /** Starts a new text of at most `cells` cells. */
  start(cells: number): this {
    // A cell is at most 25 bytes ("-1.2345678901234567e-308" and a comma).
    const size = cells * 32 + 16;
    if (this.bytes.length < size) this.bytes = Buffer.allocUnsafe(size);
    this.at = 0;
    return this;
  }

  byte(code: number): void {
    this.bytes[this.at++] = code;
  }

  ascii(text: string): void {
    this.at += this.bytes.write(text, this.at, "latin1");
  }

  null(): void {
    this.ascii("null");
  }

  /** A non-negative safe integer, zero-padded to `width` digits. */
  digits(value: number, width: number): void {
    if (value < 1e8) {
      this.fixed(value, Math.max(width, digitCount(value)));
      return;
    }
    // Eight digits at a time keep the arithmetic in small integers.
    const high = Math.floor(value / 1e8);
    this.digits(high, Math.max(width - 8, 1));
    this.fixed(value - high * 1e8, 8);
  }

  /** A safe integer of either sign. */
  integer(value: number): void {
    if (value < 0) this.byte(MINUS);
    this.digits(Math.abs(value), 1);
  }

  /** A 64-bit integer from its 32-bit halves (two's complement when signed), no bigint made. */
  int64(high: number, low: number, signed: boolean): void {
    if (signed && high >= SIGN) {
      this.byte(MINUS);
      if (low === 0) high = TWO32 - high;
      else {
        low = TWO32 - low;
        high = TWO32 - 1 - high;
      }
    }
    if (high < 0x200000) {
      this.digits(high * TWO32 + low, 1); // below 2^53: exact as a double
      return;
    }
    // value = 1e6 * (headHigh * 2^32 + headLow) + last six digits, every step below 2^53.
    const headHigh = Math.floor(high / 1e6);
    const rest = (high - headHigh * 1e6) * TWO32 + low;
    const headLow = Math.floor(rest / 1e6);
    this.digits(headHigh * TWO32 + headLow, 1);
    this.fixed(rest - headLow * 1e6, 6);
  }

  /** `value` (below 1e8) as exactly `count` digits. */
  private fixed(value: number, count: number): void {
    const bytes = this.bytes;
    let rest = value | 0;
    let end = this.at + count;
    this.at = end;
    for (; count >= 2; count -= 2) {
      const next = (rest / 100) | 0;
      const pair = (rest - next * 100) * 2;
      bytes[--end] = PAIRS[pair + 1]!;
      bytes[--end] = PAIRS[pair]!;
      rest = next;
    }
    if (count === 1) bytes[--end] = 0x30 + rest;
  }

  text(): string {
    const text = this.bytes.toString("latin1", 0, this.at);
    if (this.bytes.length > SPARE_BYTES) this.bytes = Buffer.allocUnsafe(0);
    return text;
  }
}

// One writer for every text (texts are written one at a time): its bytes are reused, and its
// map lives on (a collection drops a class's map with its last instance, and with it the
// optimized code of every method, which a large frame then runs unoptimized).
const writer = new ByteText();

/** Writes `value` when it is a safe integer or has at most 6 decimals; false otherwise. */
function writeShort(out: ByteText, value: number): boolean {
  if (Number.isSafeInteger(value)) {
    out.integer(value);
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
  const probe = writer.start(32);
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
  const out = writer.start(values.length);
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
  const out = writer.start(pairs.length * 2);
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
  if (typeof value !== "number" || value - value !== 0) out.null();
  else if (value === 0 && 1 / value < 0) out.ascii("-0");
  else if (!writeShort(out, value)) out.ascii(String(value));
}

/** The cells as a real array: JSON.stringify (the fastest number writer) needs one. */
function plainArray(values: ArrayLike<unknown>): unknown[] {
  if (Array.isArray(values)) return values;
  // A push loop makes a packed array about twice as fast as Array.from of a typed array.
  const out: unknown[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i]);
  return out;
}

/**
 * An integer column's checked cells: safe integers and null, and for 64-bit columns bigints
 * (or a BigInt64Array/BigUint64Array), written digit for digit without a string per cell.
 */
export function integerColumnText(values: ArrayLike<unknown>, signed: boolean): string {
  const out = writer.start(values.length);
  out.byte(OPEN);
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const halves = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    for (let i = 0; i < values.length; i++) {
      if (i > 0) out.byte(COMMA);
      out.int64(halves[2 * i + HIGH]!, halves[2 * i + LOW]!, signed);
    }
  } else {
    // One element kind for every narrow type keeps the loop's reads monomorphic.
    const cells = ArrayBuffer.isView(values) ? new Float64Array(values as Int32Array) : values;
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) out.byte(COMMA);
      const value = cells[i];
      if (typeof value === "number") out.integer(value);
      else if (typeof value === "bigint") {
        scratch[0] = value; // the same 64 bits whether the column is signed or not
        out.int64(scratchHalves[HIGH]!, scratchHalves[LOW]!, signed);
      } else out.null();
    }
  }
  out.byte(CLOSE);
  return out.text();
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
  const out = writer.start(values.length);
  out.byte(OPEN);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out.byte(COMMA);
    const value = values[i];
    const wire = value === null ? Number.NaN : Math.fround(value as number);
    if (wire - wire !== 0) out.null();
    else writeFloat32(out, wire);
  }
  out.byte(CLOSE);
  return out.text();
}

/** A float64 as JSON text; `-0` keeps its sign as Go writes it. */
export function float64Text(value: number): string {
  return value === 0 && 1 / value < 0 ? "-0" : String(value);
}

/** The shortest decimal that reads back as the same float32 (Go's WriteFloat32). */
export function float32Text(value: number): string {
  const out = writer.start(1);
  writeFloat32(out, value);
  return out.text();
}

function writeFloat32(out: ByteText, value: number): void {
  if (value === 0) out.ascii(float64Text(value));
  else if (!shortestScaled(out, value)) out.ascii(float32TextByPrecision(value));
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
 * slow part); false (nothing written) outside 1e-6..1e21 (exponent form, inexact powers)
 * and near a tie, where the product's own rounding might pick the other neighbour.
 */
function shortestScaled(out: ByteText, value: number): boolean {
  const a = Math.abs(value);
  let exponent = Math.floor(Math.log10(a));
  if (exponent < -6 || exponent > 20) return false;
  if (a >= powerOfTen(exponent + 1)) exponent += 1;
  else if (a < powerOfTen(exponent)) exponent -= 1;
  if (exponent < -6 || exponent > 20) return false;
  let best = -1;
  let bestK = 0;
  for (let digits = 9; digits > 0; digits--) {
    const k = digits - 1 - exponent;
    const scaled = k >= 0 ? a * POWERS[k]! : a / POWERS[-k]!;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) return false;
    const n = Math.round(scaled);
    if (Math.fround(k >= 0 ? n / POWERS[k]! : n * POWERS[-k]!) !== a) break;
    best = n;
    bestK = k;
  }
  if (best < 0) return false;
  if (value < 0) out.byte(MINUS);
  writeDecimal(out, best, bestK);
  return true;
}

/** n / 10^k (n below 1e9) as String() writes it between 1e-6 and 1e21: fixed point, no trailing zeros. */
function writeDecimal(out: ByteText, n: number, k: number): void {
  while (n % 10 === 0) {
    n /= 10;
    k -= 1;
  }
  if (k <= 0) {
    out.digits(n, 1);
    for (; k < 0; k++) out.byte(0x30);
    return;
  }
  // n < 1e9, so n / 10^k is far from rounding across an integer: the floor is exact.
  const whole = Math.floor(n / POWERS[k]!);
  out.digits(whole, 1);
  out.byte(DOT);
  out.digits(n - whole * POWERS[k]!, k);
}
