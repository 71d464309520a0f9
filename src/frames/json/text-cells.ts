/**
 * Cells of number and boolean columns read straight from frame JSON text. Number scanners
 * read the `[…]` at `at` into a typed array without JSON.parse (64-bit integers from their
 * digits into 32-bit halves, no bigint per cell; no boxed double per cell either) and return
 * it with the rows that were null and the column's end; booleans are JSON.parse of the
 * column's text. Anything but plain JSON literals of its kind returns undefined, and the
 * document is then read the general way, which also names what is wrong.
 */

import { HIGH, LOW, SIGN, TWO32 } from "../int64-halves.js";

const COMMA = 0x2c;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CAPITAL_E = 0x45;
const LETTER_E = 0x65;
const LETTER_N = 0x6e;
const FAIL = -1;

/** A scanned column: its cells (0 where null), the null rows and the offset past its `]`. */
export interface ScannedCells<T> {
  readonly out: T;
  readonly nulls: number[];
  readonly end: number;
}

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

export function skipSpace(text: string, at: number): number {
  while (isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isNull(text: string, at: number): boolean {
  return (
    text.charCodeAt(at) === LETTER_N &&
    text.charCodeAt(at + 1) === 0x75 &&
    text.charCodeAt(at + 2) === 0x6c &&
    text.charCodeAt(at + 3) === 0x6c
  );
}

/**
 * For the array that opens at `at`: the start of its first cell, the bitwise complement of
 * the offset past its `]` when it is empty, or FAIL when no `[` is there.
 */
function firstCell(text: string, at: number): number {
  if (text.charCodeAt(at) !== OPEN) return FAIL;
  at = skipSpace(text, at + 1);
  return text.charCodeAt(at) === CLOSE ? ~(at + 1) : at;
}

/**
 * After a cell ending at `at`: the start of the next cell, the bitwise complement of the
 * offset past a closing `]` (always below FAIL), or FAIL.
 */
function nextCell(text: string, at: number): number {
  let code = text.charCodeAt(at);
  if (code !== COMMA) {
    at = skipSpace(text, at);
    code = text.charCodeAt(at);
    if (code !== COMMA) return code === CLOSE ? ~(at + 1) : FAIL;
  }
  at += 1;
  return isSpace(text.charCodeAt(at)) ? skipSpace(text, at) : at;
}

// A column's cells are 8 bytes each. The buffer first has room for `rows` of them when the
// row count is known (a cell more fails), else for a first guess doubled as needed. Plain
// functions, not a class: a full collection clears the feedback of a method call, and the
// scanner then drops back to the interpreter on every column.
function firstBuffer(rows: number | undefined): ArrayBuffer {
  return new ArrayBuffer(8 * (rows ?? 1024));
}

/** The buffer twice as large, its cells kept; undefined when the row count is known. */
function grown(buffer: ArrayBuffer, rows: number | undefined): ArrayBuffer | undefined {
  if (rows !== undefined) return undefined;
  const bigger = new ArrayBuffer(2 * buffer.byteLength);
  new Uint8Array(bigger).set(new Uint8Array(buffer));
  return bigger;
}

/** The bytes of the first `count` cells: the buffer itself when they fill it. */
function filled(buffer: ArrayBuffer, count: number): ArrayBuffer {
  return count * 8 === buffer.byteLength ? buffer : buffer.slice(0, count * 8);
}

/**
 * Integers between min and max (safe integers, -0 included) as JSON.parse reads them. The
 * caller copies them into its own typed array: one construct site per array type keeps the
 * scanner's optimized code, where a shared one would deopt it for each new type.
 */
export function scanIntegers(
  text: string,
  at: number,
  rows: number | undefined,
  min: number,
  max: number,
): ScannedCells<Float64Array> | undefined {
  const scanned = scanFloats(text, at, rows);
  if (scanned === undefined) return undefined;
  const { out } = scanned;
  for (let i = 0; i < out.length; i++) {
    const cell = out[i]!;
    if (!Number.isInteger(cell) || cell < min || cell > max) return undefined;
  }
  return scanned;
}

/**
 * The number cells of the array at `at` (`rows` of them when known, null ones as 0) as
 * JSON.parse reads them: short ones (a mantissa below 2^53, at most 22 decimals, no exponent)
 * by one exact division, which rounds as parsing does; those whose digits add up past 2^53
 * (random float64s: about half) by nearestDecimal; the others, and the few nearestDecimal
 * cannot settle, by Number() of their text.
 */
export function scanFloats(
  text: string,
  at: number,
  rows: number | undefined,
): ScannedCells<Float64Array> | undefined {
  let buffer = firstBuffer(rows);
  let out = new Float64Array(buffer);
  const nulls: number[] = [];
  let count = 0;
  let next = firstCell(text, at);
  for (; next >= 0; next = nextCell(text, at)) {
    at = next;
    let code = text.charCodeAt(at);
    if (count === out.length) {
      const bigger = grown(buffer, rows);
      if (bigger === undefined) return undefined;
      buffer = bigger;
      out = new Float64Array(buffer);
    }
    if (code === LETTER_N) {
      if (!isNull(text, at)) return undefined;
      nulls.push(count);
      out[count] = 0;
      at += 4;
    } else {
      const sign = at;
      if (code === MINUS) code = text.charCodeAt(++at);
      const digits = at;
      let mantissa = 0;
      for (; isDigit(code); code = text.charCodeAt(++at)) {
        mantissa = mantissa * 10 + (code - ZERO);
      }
      if (at === digits || (at - digits > 1 && text.charCodeAt(digits) === ZERO)) return undefined;
      let decimals = 0;
      if (code === DOT) {
        const fraction = at + 1;
        for (code = text.charCodeAt(++at); isDigit(code); code = text.charCodeAt(++at)) {
          mantissa = mantissa * 10 + (code - ZERO);
        }
        decimals = at - fraction;
        if (decimals === 0) return undefined;
      }
      // Each way stores its own value: a variable shared with the calls' results would box
      // every cell's double on the heap.
      if (code === LETTER_E || code === CAPITAL_E) {
        code = text.charCodeAt(++at);
        if (code === PLUS || code === MINUS) code = text.charCodeAt(++at);
        const exponent = at;
        for (; isDigit(code); code = text.charCodeAt(++at));
        if (at === exponent) return undefined;
        out[count] = Number(text.slice(sign, at));
      } else if (mantissa < TWO53 && decimals <= 22) {
        // Every step above was exact, and one division by an exact power rounds once.
        const value = decimals === 0 ? mantissa : mantissa / POWERS[decimals]!;
        out[count] = sign === digits ? value : -value;
      } else if (!nearestDecimal(text, digits, at, decimals, mantissa, out, count)) {
        out[count] = Number(text.slice(sign, at));
      } else if (sign !== digits) out[count] = -out[count]!;
    }
    count += 1;
  }
  if (next === FAIL) return undefined;
  return { out: new Float64Array(filled(buffer, count)), nulls, end: ~next };
}

const TWO53 = 9007199254740992;
// Powers of ten up to 1e22 are exact doubles.
const POWERS = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
// Veltkamp's splitter (2^27 + 1): x = high(x) + (x - high(x)), each half of 26 bits or fewer,
// so the product of two halves is exact.
const SPLITTER = 134217729;
const high = (x: number) => {
  const c = SPLITTER * x;
  return c - (c - x);
};
const POWER_HIGHS = POWERS.map(high);
// A double's bits, to find the power of two below it.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * Stores in out[i] the double nearest the unsigned decimal between `from` and `to` (digits
 * and at most one point, `decimals` of them after it) as parsing rounds it, for literals
 * whose digits the scan could not add up exactly: `sum` is the scan's inexact sum of them.
 * False, storing nothing, when the digits reach 10^18 or the decimals exceed 22, or it lies
 * too near the midpoint of two doubles to tell: Number() then settles it. (The double goes
 * straight to the array: returned, it would be boxed on the heap.)
 *
 * The digits m: below 10^18 at most three steps of the scan's sum rounded (2^53 ≈ 9·10^15),
 * so `sum` is within 500 of m, and m is the multiple of 10^4 nearest sum - (its last four
 * digits), plus them. It is added as two exact parts, and their sum s + e = m is exact.
 * q = s / 10^d is within one step of the answer; r = m - q·10^d is computed exactly (q·10^d
 * as a two-double product), and comparing 2r with the step times 10^d says which way it rounds.
 */
export function nearestDecimal(
  text: string,
  from: number,
  to: number,
  decimals: number,
  sum: number,
  out: Float64Array,
  i: number,
): boolean {
  if (decimals > 22 || sum >= 1e18) return false;
  let last = 0;
  let scale = 1;
  for (let at = to - 1; scale < 1e4 && at >= from; at--) {
    const code = text.charCodeAt(at);
    if (code === DOT) continue;
    last += (code - ZERO) * scale;
    scale *= 10;
  }
  // m = head·10^4 + last, exact in two parts once head is split at 2^15.
  const head = Math.round((sum - last) / 1e4);
  const headHigh = Math.floor(head / 32768);
  const x = headHigh * 1e4 * 32768;
  const y = (head - headHigh * 32768) * 1e4 + last;
  const s = x + y;
  const yPart = s - x;
  const e = x - (s - yPart) + (y - yPart);
  if (decimals === 0) {
    out[i] = s; // an integer: s is m rounded once
    return true;
  }
  const power = POWERS[decimals]!;
  const q = s / power;
  const p = q * power;
  const qHigh = high(q);
  const qLow = q - qHigh;
  const powerHigh = POWER_HIGHS[decimals]!;
  const powerLow = power - powerHigh;
  const pError = qHigh * powerHigh - p + qHigh * powerLow + qLow * powerHigh + qLow * powerLow;
  const r = s - p - pError + e; // m - q·10^d: s - p is exact, the rest far below the margin
  bits[0] = q;
  // Below a power of two the step halves: leave that (one double in 2^52) to Number().
  if (words[LOW] === 0 && (words[HIGH]! & 0xfffff) === 0) return false;
  words[HIGH] = words[HIGH]! & 0x7ff00000;
  words[LOW] = 0;
  const step = bits[0]! * 2.220446049250313e-16; // 2^-52: the distance to q's neighbours
  const tie = power * step; // 2r = ±tie: m/10^d halfway to a neighbour
  const margin = tie * 9.5367431640625e-7; // 2^-20
  const twice = 2 * r;
  if (twice < tie - margin && twice > margin - tie) out[i] = q;
  else if (twice > tie + margin) out[i] = q + step;
  else if (twice < -tie - margin) out[i] = q - step;
  else return false;
  return true;
}

/**
 * 64-bit integer literals (at most 20 digits, within int64 or uint64) into the 32-bit halves
 * of a new BigInt64Array or BigUint64Array, as the exact parse reads them.
 */
export function scanInt64(
  text: string,
  at: number,
  rows: number | undefined,
  signed: boolean,
): ScannedCells<BigInt64Array | BigUint64Array> | undefined {
  let buffer = firstBuffer(rows);
  let halves = new Uint32Array(buffer);
  const nulls: number[] = [];
  let count = 0;
  let next = firstCell(text, at);
  for (; next >= 0; next = nextCell(text, at)) {
    at = next;
    let code = text.charCodeAt(at);
    if (2 * count === halves.length) {
      const bigger = grown(buffer, rows);
      if (bigger === undefined) return undefined;
      buffer = bigger;
      halves = new Uint32Array(buffer);
    }
    if (code === LETTER_N) {
      if (!isNull(text, at)) return undefined;
      nulls.push(count);
      halves[2 * count + LOW] = 0;
      halves[2 * count + HIGH] = 0;
      at += 4;
    } else {
      const negative = code === MINUS;
      if (negative) code = text.charCodeAt(++at);
      const digits = at;
      // Up to 15 leading digits are exact in a double; the (at most 5) others are added in halves.
      const headEnd = at + 15;
      let head = 0;
      for (; isDigit(code) && at < headEnd; code = text.charCodeAt(++at)) {
        head = head * 10 + (code - ZERO);
      }
      let tail = 0;
      let scale = 1;
      for (; isDigit(code) && scale < 1e5; code = text.charCodeAt(++at)) {
        tail = tail * 10 + (code - ZERO);
        scale *= 10;
      }
      const plain = at > digits && (at - digits === 1 || text.charCodeAt(digits) !== ZERO);
      if (!plain || isDigit(code) || code === DOT || code === LETTER_E || code === CAPITAL_E) {
        return undefined;
      }
      if (!storeInt64(halves, count, head, tail, scale, negative, signed)) return undefined;
    }
    count += 1;
  }
  if (next === FAIL) return undefined;
  const cells = filled(buffer, count);
  return { out: signed ? new BigInt64Array(cells) : new BigUint64Array(cells), nulls, end: ~next };
}

/**
 * Stores head·scale + tail (negated when `negative`) as cell i's halves, two's complement;
 * false when it is outside int64 (`signed`) or uint64.
 */
function storeInt64(
  halves: Uint32Array,
  i: number,
  head: number,
  tail: number,
  scale: number,
  negative: boolean,
  signed: boolean,
): boolean {
  const headHigh = Math.floor(head / TWO32);
  let low = (head - headHigh * TWO32) * scale + tail;
  const carry = Math.floor(low / TWO32);
  low -= carry * TWO32;
  const high = headHigh * scale + carry;
  const inRange = signed
    ? high < SIGN || (negative && high === SIGN && low === 0)
    : high < TWO32 && (!negative || (high === 0 && low === 0));
  if (!inRange) return false;
  if (negative && (high !== 0 || low !== 0)) {
    halves[2 * i + LOW] = TWO32 - low;
    halves[2 * i + HIGH] = TWO32 - high - (low === 0 ? 0 : 1);
  } else {
    halves[2 * i + LOW] = low;
    halves[2 * i + HIGH] = high;
  }
  return true;
}

/**
 * `true`, `false` and `null` into a plain array (null in place), as JSON.parse reads them: it
 * is JSON.parse, of the text up to the first `]` (a column of literals holds no other), three
 * times faster than a scan; any other cell, or a nested `]`, returns undefined.
 */
export function scanBooleans(
  text: string,
  at: number,
): ScannedCells<(boolean | null)[]> | undefined {
  if (text.charCodeAt(at) !== OPEN) return undefined;
  const end = text.indexOf("]", at) + 1;
  let out: unknown;
  try {
    out = JSON.parse(text.slice(at, end));
  } catch {
    return undefined;
  }
  if (!Array.isArray(out)) return undefined;
  const nulls: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const cell: unknown = out[i];
    if (cell === null) nulls.push(i);
    else if (typeof cell !== "boolean") return undefined;
  }
  return { out: out as (boolean | null)[], nulls, end };
}
