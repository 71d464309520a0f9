/**
 * Cells of number and boolean columns read straight from frame JSON text, without JSON.parse:
 * each scanner reads the `[…]` at `at` into a typed array (64-bit integers from their digits
 * into 32-bit halves, no bigint per cell) and returns it with the rows that were null and the
 * column's end. Anything but plain JSON literals of its kind returns undefined, and the
 * document is then read the general way, which also names what is wrong.
 */

import { HIGH, LOW, SIGN, TWO32 } from "./int64-halves.js";

const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const FAIL = -1;

/** A scanned column: its cells (0 where null), the null rows and the offset past its `]`. */
export interface ScannedCells<T> {
  readonly out: T;
  readonly nulls: number[];
  readonly end: number;
}

type TypedArrayOf<T> = new (source: Float64Array) => T;

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
    text.charCodeAt(at) === 0x6e &&
    text.charCodeAt(at + 1) === 0x75 &&
    text.charCodeAt(at + 2) === 0x6c &&
    text.charCodeAt(at + 3) === 0x6c
  );
}

/**
 * After a cell ending at `at`: the start of the next cell, the bitwise complement of the
 * offset past a closing `]` (always below FAIL), or FAIL.
 */
function nextCell(text: string, at: number): number {
  at = skipSpace(text, at);
  const code = text.charCodeAt(at);
  if (code === COMMA) return skipSpace(text, at + 1);
  return code === CLOSE ? ~(at + 1) : FAIL;
}

/**
 * Room for a column's cells, 8 bytes each: `rows` of them when the row count is known (a
 * cell more fails), else a first guess doubled as needed.
 */
class Slots {
  buffer: ArrayBuffer;

  constructor(private readonly rows: number | undefined) {
    this.buffer = new ArrayBuffer(8 * (rows ?? 1024));
  }

  /** Whether cell `count` has room, growing the buffer (and so its views) when it may. */
  room(count: number): boolean {
    if (count * 8 < this.buffer.byteLength) return true;
    if (this.rows !== undefined) return false;
    const bigger = new ArrayBuffer(2 * this.buffer.byteLength);
    new Uint8Array(bigger).set(new Uint8Array(this.buffer));
    this.buffer = bigger;
    return true;
  }

  /** The bytes of the first `count` cells, the buffer itself when they fill it. */
  cells(count: number): ArrayBuffer {
    return count * 8 === this.buffer.byteLength ? this.buffer : this.buffer.slice(0, count * 8);
  }
}

// Held so that the class's map outlives collections: with its last instance a collection
// drops it, and with it the optimized code of the scanners, which then rerun unoptimized.
const keptSlots = new Slots(0);
void keptSlots;

/**
 * Integers between min and max (safe integers, -0 included) as JSON.parse reads them, into a
 * new array of `ArrayType`.
 */
export function scanIntegers<T>(
  text: string,
  at: number,
  rows: number | undefined,
  min: number,
  max: number,
  ArrayType: TypedArrayOf<T>,
): ScannedCells<T> | undefined {
  const scanned = scanNumbers(text, at, rows);
  if (scanned === undefined) return undefined;
  const { out, nulls, end } = scanned;
  for (let i = 0; i < out.length; i++) {
    const cell = out[i]!;
    if (!Number.isInteger(cell) || cell < min || cell > max) return undefined;
  }
  return { out: sized(out, ArrayType), nulls, end };
}

/**
 * Number literals as JSON.parse reads them into a new array of `ArrayType`: short ones
 * (a mantissa below 2^53, at most 22 decimals, no exponent) by one exact division, which
 * rounds as parsing does, the others by Number() of their text.
 */
export function scanFloats<T>(
  text: string,
  at: number,
  rows: number | undefined,
  ArrayType: TypedArrayOf<T>,
): ScannedCells<T> | undefined {
  const scanned = scanNumbers(text, at, rows);
  return scanned && { ...scanned, out: sized(scanned.out, ArrayType) };
}

function sized<T>(cells: Float64Array, ArrayType: TypedArrayOf<T>): T {
  return (ArrayType as unknown) === Float64Array ? (cells as T) : new ArrayType(cells);
}

/** The number cells of the array at `at` (`rows` of them when known), null ones as 0. */
function scanNumbers(
  text: string,
  at: number,
  rows: number | undefined,
): ScannedCells<Float64Array> | undefined {
  if (text.charCodeAt(at) !== OPEN) return undefined;
  const slots = new Slots(rows);
  let out = new Float64Array(slots.buffer);
  const nulls: number[] = [];
  let count = 0;
  const open = at;
  at = skipSpace(text, at + 1);
  let long = 0;
  let next = text.charCodeAt(at) === CLOSE ? ~(at + 1) : at;
  for (; next >= 0; next = nextCell(text, at)) {
    at = next;
    if (count === out.length) {
      if (!slots.room(count)) return undefined;
      out = new Float64Array(slots.buffer);
    }
    if (text.charCodeAt(at) === 0x6e) {
      if (!isNull(text, at)) return undefined;
      nulls.push(count);
      out[count] = 0;
      at += 4;
    } else {
      const end = floatInto(text, at, out, count);
      if (end === FAIL) return undefined;
      if (end < 0) {
        // Mostly long literals (random float64s have 16-17 digits): JSON.parse reads them faster.
        if (++long > 32 && long * 2 > count) return parseNumbers(text, open, rows);
        at = ~end;
      } else at = end;
    }
    count += 1;
  }
  if (next === FAIL) return undefined;
  return { out: new Float64Array(slots.cells(count)), nulls, end: ~next };
}

const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Reads the JSON number at `start` into out[i]: its end, the complement of its end when it was
 * read through Number() of its text, or FAIL when it is not a number.
 */
function floatInto(text: string, start: number, out: Float64Array, i: number): number {
  let at = start;
  let code = text.charCodeAt(at);
  const negative = code === MINUS;
  if (negative) code = text.charCodeAt(++at);
  const digits = at;
  let mantissa = 0;
  for (; isDigit(code); code = text.charCodeAt(++at)) mantissa = mantissa * 10 + (code - ZERO);
  if (at === digits || (at - digits > 1 && text.charCodeAt(digits) === ZERO)) return FAIL;
  let decimals = 0;
  if (code === DOT) {
    const fraction = at + 1;
    for (code = text.charCodeAt(++at); isDigit(code); code = text.charCodeAt(++at)) {
      mantissa = mantissa * 10 + (code - ZERO);
    }
    decimals = at - fraction;
    if (decimals === 0) return FAIL;
  }
  let exact = decimals <= 22;
  if (code === 0x65 || code === 0x45) {
    code = text.charCodeAt(++at);
    if (code === 0x2b || code === MINUS) code = text.charCodeAt(++at);
    const exponent = at;
    while (isDigit(code)) code = text.charCodeAt(++at);
    if (at === exponent) return FAIL;
    exact = false;
  }
  // Below 2^53 every step of the mantissa was exact; at or above, some may have rounded.
  if (exact && mantissa < 9007199254740992) {
    const value = decimals === 0 ? mantissa : mantissa / POWERS[decimals]!;
    out[i] = negative ? -value : value;
    return at;
  }
  out[i] = Number(text.slice(start, at));
  return ~at; // read through its text: the caller counts these
}

/** JSON.parse of the array at `at` through the first `]`, and the offset past it. */
function parsedUpToClose(text: string, at: number): { cells: unknown[]; end: number } | undefined {
  const end = text.indexOf("]", at) + 1;
  if (end === 0) return undefined;
  try {
    const cells: unknown = JSON.parse(text.slice(at, end));
    return Array.isArray(cells) ? { cells, end } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The number cells of the array at `at` through JSON.parse of its text, which ends at the
 * first `]` (numbers and nulls hold none): what scanNumbers gives, for columns of long literals.
 */
function parseNumbers(
  text: string,
  at: number,
  rows: number | undefined,
): ScannedCells<Float64Array> | undefined {
  const parsed = parsedUpToClose(text, at);
  if (parsed === undefined || (rows !== undefined && parsed.cells.length > rows)) return undefined;
  const { cells, end } = parsed;
  const out = new Float64Array(cells.length);
  const nulls: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell: unknown = cells[i];
    if (typeof cell === "number") out[i] = cell;
    else if (cell === null) nulls.push(i);
    else return undefined;
  }
  return { out, nulls, end };
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
  if (text.charCodeAt(at) !== OPEN) return undefined;
  const slots = new Slots(rows);
  let halves = new Uint32Array(slots.buffer);
  const nulls: number[] = [];
  let count = 0;
  at = skipSpace(text, at + 1);
  let next = text.charCodeAt(at) === CLOSE ? ~(at + 1) : at;
  for (; next >= 0; next = nextCell(text, at)) {
    at = next;
    if (2 * count === halves.length) {
      if (!slots.room(count)) return undefined;
      halves = new Uint32Array(slots.buffer);
    }
    if (text.charCodeAt(at) === 0x6e) {
      if (!isNull(text, at)) return undefined;
      nulls.push(count);
      halves[2 * count + LOW] = 0;
      halves[2 * count + HIGH] = 0;
      at += 4;
    } else {
      at = int64Into(text, at, halves, count, signed);
      if (at === FAIL) return undefined;
    }
    count += 1;
  }
  if (next === FAIL) return undefined;
  const cells = slots.cells(count);
  return { out: signed ? new BigInt64Array(cells) : new BigUint64Array(cells), nulls, end: ~next };
}

/** Writes the integer literal at `at` as cell i; its end, or FAIL when not a plain in-range one. */
function int64Into(
  text: string,
  at: number,
  halves: Uint32Array,
  i: number,
  signed: boolean,
): number {
  const negative = text.charCodeAt(at) === MINUS;
  if (negative) at += 1;
  const digits = at;
  // Up to 15 leading digits are exact in a double; the (at most 5) others are added in halves.
  const headEnd = at + 15;
  let head = 0;
  let code = text.charCodeAt(at);
  for (; isDigit(code) && at < headEnd; code = text.charCodeAt(++at))
    head = head * 10 + (code - ZERO);
  let tail = 0;
  let scale = 1;
  for (; isDigit(code) && scale < 1e5; code = text.charCodeAt(++at)) {
    tail = tail * 10 + (code - ZERO);
    scale *= 10;
  }
  if (at === digits || isDigit(code) || code === DOT || code === 0x65 || code === 0x45) return FAIL;
  if (at - digits > 1 && text.charCodeAt(digits) === ZERO) return FAIL;
  const headHigh = Math.floor(head / TWO32);
  let low = (head - headHigh * TWO32) * scale + tail;
  const carry = Math.floor(low / TWO32);
  low -= carry * TWO32;
  const high = headHigh * scale + carry;
  const inRange = signed
    ? high < SIGN || (negative && high === SIGN && low === 0)
    : high < TWO32 && (!negative || (high === 0 && low === 0));
  if (!inRange) return FAIL;
  if (negative && (high !== 0 || low !== 0)) {
    halves[2 * i + LOW] = TWO32 - low;
    halves[2 * i + HIGH] = TWO32 - high - (low === 0 ? 0 : 1);
  } else {
    halves[2 * i + LOW] = low;
    halves[2 * i + HIGH] = high;
  }
  return at;
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
  const parsed = parsedUpToClose(text, at);
  if (parsed === undefined) return undefined;
  const { cells: out, end } = parsed;
  const nulls: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const cell: unknown = out[i];
    if (cell === null) nulls.push(i);
    else if (typeof cell !== "boolean") return undefined;
  }
  return { out: out as (boolean | null)[], nulls, end };
}
