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
 * The start of the first cell of the array at `at` and how many cells it can hold at most
 * (its first `]` ends it, as no cell of these kinds holds one); undefined when not an array.
 */
function openArray(text: string, at: number): { first: number; capacity: number } | undefined {
  if (text.charCodeAt(at) !== OPEN) return undefined;
  const close = text.indexOf("]", at);
  if (close < 0) return undefined;
  return { first: skipSpace(text, at + 1), capacity: ((close - at) >> 1) + 1 };
}

let scratch = new ArrayBuffer(0);

/** A reusable buffer of at least `bytes` bytes for scanned cells before they are sized. */
function scratchOf(bytes: number): ArrayBuffer {
  if (scratch.byteLength < bytes)
    scratch = new ArrayBuffer(Math.max(bytes, 2 * scratch.byteLength));
  return scratch;
}

/** Drops the scratch buffer once a document is read, so it holds no memory between reads. */
export function releaseScratch(): void {
  scratch = new ArrayBuffer(0);
}

/**
 * Integers between min and max (safe integers, -0 included) as JSON.parse reads them, into a
 * new array of `ArrayType`.
 */
export function scanIntegers<T>(
  text: string,
  at: number,
  min: number,
  max: number,
  ArrayType: TypedArrayOf<T>,
): ScannedCells<T> | undefined {
  return scanNumbers(text, at, ArrayType, (start, out, i) => {
    const end = floatInto(text, start, out, i);
    const cell = out[i]!;
    return Number.isInteger(cell) && cell >= min && cell <= max ? end : FAIL;
  });
}

/**
 * Number literals as JSON.parse reads them into a new array of `ArrayType`: short ones
 * (a mantissa below 2^53, at most 22 decimals, no exponent) by one exact division, which
 * rounds as parsing does, the others by Number() of their text.
 */
export function scanFloats<T>(
  text: string,
  at: number,
  ArrayType: TypedArrayOf<T>,
): ScannedCells<T> | undefined {
  return scanNumbers(text, at, ArrayType, (start, out, i) => floatInto(text, start, out, i));
}

/** The cells of the array at `at`, each non-null one read by `read` (its end, or FAIL). */
function scanNumbers<T>(
  text: string,
  at: number,
  ArrayType: TypedArrayOf<T>,
  read: (at: number, out: Float64Array, i: number) => number,
): ScannedCells<T> | undefined {
  const opened = openArray(text, at);
  if (opened === undefined) return undefined;
  const out = new Float64Array(scratchOf(opened.capacity * 8), 0, opened.capacity);
  const nulls: number[] = [];
  let count = 0;
  at = opened.first;
  if (text.charCodeAt(at) === CLOSE)
    return { out: new ArrayType(out.subarray(0, 0)), nulls, end: at + 1 };
  for (;;) {
    if (text.charCodeAt(at) === 0x6e) {
      if (!isNull(text, at)) return undefined;
      nulls.push(count);
      out[count] = 0;
      at += 4;
    } else {
      at = read(at, out, count);
      if (at === FAIL) return undefined;
    }
    count += 1;
    at = nextCell(text, at);
    if (at === FAIL || (at >= 0 && count === opened.capacity)) return undefined;
    if (at < 0) return { out: new ArrayType(out.subarray(0, count)), nulls, end: ~at };
  }
}

const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Reads the JSON number at `start` into out[i]; its end, or FAIL when it is not one. */
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
  } else out[i] = Number(text.slice(start, at));
  return at;
}

/**
 * 64-bit integer literals (at most 20 digits, within int64 or uint64) into the 32-bit halves
 * of a new BigInt64Array or BigUint64Array, as the exact parse reads them.
 */
export function scanInt64(
  text: string,
  at: number,
  signed: boolean,
): ScannedCells<BigInt64Array | BigUint64Array> | undefined {
  const opened = openArray(text, at);
  if (opened === undefined) return undefined;
  const buffer = scratchOf(opened.capacity * 8);
  const halves = new Uint32Array(buffer, 0, opened.capacity * 2);
  const nulls: number[] = [];
  const sized = (count: number) => {
    const bytes = buffer.slice(0, count * 8);
    return signed ? new BigInt64Array(bytes) : new BigUint64Array(bytes);
  };
  let count = 0;
  at = opened.first;
  if (text.charCodeAt(at) === CLOSE) return { out: sized(0), nulls, end: at + 1 };
  for (;;) {
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
    at = nextCell(text, at);
    if (at === FAIL || (at >= 0 && count === opened.capacity)) return undefined;
    if (at < 0) return { out: sized(count), nulls, end: ~at };
  }
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

/** `true`, `false` and `null` into a plain array (null in place), as JSON.parse reads them. */
export function scanBooleans(
  text: string,
  at: number,
): ScannedCells<(boolean | null)[]> | undefined {
  if (text.charCodeAt(at) !== OPEN) return undefined;
  const out: (boolean | null)[] = [];
  const nulls: number[] = [];
  at = skipSpace(text, at + 1);
  if (text.charCodeAt(at) === CLOSE) return { out, nulls, end: at + 1 };
  for (;;) {
    if (text.startsWith("true", at)) {
      out.push(true);
      at += 4;
    } else if (text.startsWith("false", at)) {
      out.push(false);
      at += 5;
    } else if (isNull(text, at)) {
      nulls.push(out.length);
      out.push(null);
      at += 4;
    } else return undefined;
    at = nextCell(text, at);
    if (at === FAIL) return undefined;
    if (at < 0) return { out, nulls, end: ~at };
  }
}
