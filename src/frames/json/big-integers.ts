/**
 * Integers beyond 2^53 read from frame JSON text, which JSON.parse has read once already
 * (rounding them): where each `data.values` column starts in the text, and 64-bit integer
 * columns read from there into BigInt64Array/BigUint64Array cells.
 */
import { stringEnd } from "../../exact-json.js";

const QUOTE = 0x22;
const TWO32 = 4294967296;
const SIGN = 2147483648;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: string, at: number): number {
  let code = text.charCodeAt(at);
  while (isSpace(code)) code = text.charCodeAt(++at);
  return at;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

// What ends a number, true, false or null.
function endsScalar(code: number): boolean {
  return code === 0x2c || code === 0x5d || code === 0x7d || isSpace(code);
}

/** Offsets of the `[` of every `data.values` column, or undefined when the walk cannot tell. */
export function valueColumnStarts(text: string, values: readonly unknown[]): number[] | undefined {
  const walk = new Walk(text);
  let starts: number[] | undefined;
  // Columns are skipped by what JSON.parse kept, the last of repeated keys: give up on those.
  let repeated = false;
  try {
    walk.object(0, (key, at) => {
      if (key !== "data") return walk.skipValue(at);
      repeated ||= starts !== undefined;
      return walk.object(at, (inner, from) => {
        if (inner !== "values") return walk.skipValue(from);
        repeated ||= starts !== undefined;
        starts = [];
        return walk.columns(from, values, starts);
      });
    });
  } catch {
    return undefined; // a key read in the wrong place after a repeated key
  }
  return !repeated && starts?.length === values.length ? starts : undefined;
}

class Walk {
  constructor(private readonly text: string) {}

  skipSpace(at: number): number {
    return skipSpace(this.text, at);
  }

  /** Past the object at `at`; `visit` gets each key and returns the end of its value. */
  object(at: number, visit: (key: string, at: number) => number): number {
    const text = this.text;
    at = this.skipSpace(at);
    if (text.charCodeAt(at) !== 0x7b) return this.skipValue(at);
    at = this.skipSpace(at + 1);
    while (text.charCodeAt(at) === QUOTE) {
      const end = stringEnd(text, at);
      const key: unknown = JSON.parse(text.slice(at, end + 1));
      at = this.skipSpace(this.skipSpace(end + 1) + 1); // past the colon
      at = this.skipSpace(visit(key as string, at));
      if (text.charCodeAt(at) === 0x2c) at = this.skipSpace(at + 1);
    }
    return at + 1;
  }

  /** Past the array of columns at `at`, noting where each column starts. */
  columns(at: number, values: readonly unknown[], starts: number[]): number {
    if (this.text.charCodeAt(at) !== 0x5b) return this.skipValue(at);
    at += 1;
    for (let i = 0; i < values.length; i++) {
      at = this.skipSpace(at);
      if (i > 0) at = this.skipSpace(at + 1); // the comma, valid since JSON.parse read the text
      starts.push(at);
      at = this.skipColumn(at, values[i]);
    }
    return this.skipSpace(at) + 1;
  }

  /** Past a column: by its first `]` when no string or container comes before that. */
  skipColumn(at: number, cells: unknown): number {
    const text = this.text;
    if (!Array.isArray(cells)) return this.skipValue(at);
    const close = text.indexOf("]", at);
    if (close < 0) return text.length;
    const inside = text.slice(at + 1, close);
    if (!inside.includes('"') && !inside.includes("[") && !inside.includes("{")) return close + 1;
    const scalars = cells.every((cell) => cell === null || typeof cell !== "object");
    return scalars ? this.skipStrings(at) : this.skipValue(at);
  }

  /** Past an array of scalars: only a `]` outside strings closes it. */
  private skipStrings(at: number): number {
    const text = this.text;
    let close = text.indexOf("]", at);
    let quote = text.indexOf('"', at);
    while (quote !== -1 && quote < close) {
      at = stringEnd(text, quote) + 1;
      if (close < at) close = text.indexOf("]", at);
      quote = text.indexOf('"', at);
    }
    return close + 1;
  }

  /** Past any JSON value, counting brackets outside strings. */
  skipValue(at: number): number {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === QUOTE) return stringEnd(text, at) + 1;
    if (first !== 0x5b && first !== 0x7b) {
      while (at < text.length && !endsScalar(text.charCodeAt(at))) at += 1;
      return at;
    }
    let depth = 0;
    do {
      const code = text.charCodeAt(at);
      if (code === QUOTE) at = stringEnd(text, at);
      else if (code === 0x5b || code === 0x7b) depth += 1;
      else if (code === 0x5d || code === 0x7d) depth -= 1;
      at += 1;
    } while (depth > 0 && at < text.length);
    return at;
  }
}

// 64-bit integer columns as the SDK writes them (`[123,-4,null,…]`) go into the 32-bit
// halves of their cells: no second parse of the document and no bigint per digit string.
// Anything unusual is left to the general exact parser.
export interface IntegerCells {
  readonly cells: BigInt64Array | BigUint64Array;
  readonly nulls: number[];
}

/**
 * The column at `start`, checked cell by cell against what JSON.parse read there (`parsed`);
 * undefined for any cell that is not null or a plain in-range integer literal.
 */
export function integersFromText(
  text: string,
  start: number,
  parsed: readonly unknown[],
  signed: boolean,
): IntegerCells | undefined {
  if (!LITTLE_ENDIAN || text.charCodeAt(start) !== 0x5b) return undefined;
  const cells = signed ? new BigInt64Array(parsed.length) : new BigUint64Array(parsed.length);
  const halves = new Uint32Array(cells.buffer);
  const nulls: number[] = [];
  let at = start + 1;
  for (let i = 0; i < parsed.length; i++) {
    at = skipSpace(text, at);
    if (i > 0) at = skipSpace(text, at + 1); // the comma
    const code = text.charCodeAt(at);
    if (code === 0x6e && parsed[i] === null) {
      nulls.push(i);
      at += 4;
      continue;
    }
    at = readCell(text, at, halves, i, signed, parsed[i]);
    if (at < 0) return undefined;
  }
  return { cells, nulls };
}

/**
 * Writes the integer literal at `at` as cell i and returns its end; -1 when it is not a
 * plain literal of at most 20 digits, is out of range, or is not what JSON.parse read.
 */
function readCell(
  text: string,
  at: number,
  halves: Uint32Array,
  i: number,
  signed: boolean,
  expected: unknown,
): number {
  const negative = text.charCodeAt(at) === 0x2d;
  if (negative) at += 1;
  const digits = at;
  // Up to 15 leading digits are exact in a double; the (at most 5) others are added in halves.
  const headEnd = at + 15;
  let head = 0;
  let code = text.charCodeAt(at);
  for (; code >= 0x30 && code <= 0x39 && at < headEnd; code = text.charCodeAt(++at))
    head = head * 10 + (code - 0x30);
  let tail = 0;
  let scale = 1;
  for (; code >= 0x30 && code <= 0x39 && scale < 1e5; code = text.charCodeAt(++at)) {
    tail = tail * 10 + (code - 0x30);
    scale *= 10;
  }
  if (at === digits || isDigit(code) || code === 0x2e || code === 0x65 || code === 0x45) return -1;
  const headHigh = Math.floor(head / TWO32);
  let low = (head - headHigh * TWO32) * scale + tail;
  const carry = Math.floor(low / TWO32);
  low -= carry * TWO32;
  const high = headHigh * scale + carry;
  // Both halves are exact, so their sum rounds once, as JSON.parse rounds the literal.
  const approx = high * TWO32 + low;
  if ((negative ? -approx : approx) !== expected) return -1;
  if (!inRange(high, low, negative, signed)) return -1;
  if (negative && (high !== 0 || low !== 0)) {
    halves[2 * i] = TWO32 - low;
    halves[2 * i + 1] = TWO32 - high - (low === 0 ? 0 : 1);
  } else {
    halves[2 * i] = low;
    halves[2 * i + 1] = high;
  }
  return at;
}

function inRange(high: number, low: number, negative: boolean, signed: boolean): boolean {
  if (!signed) return high < TWO32 && (!negative || (high === 0 && low === 0));
  return high < SIGN || (negative && high === SIGN && low === 0);
}
