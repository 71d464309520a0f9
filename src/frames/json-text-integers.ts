/**
 * 64-bit integer columns read straight from their text (`[123,-4,null,…]`, as the SDK writes
 * them) into 32-bit halves of a BigInt64Array/BigUint64Array: no second parse of the document
 * and no bigint per digit string. Anything unusual is left to the general exact parser.
 */

const TWO32 = 4294967296;
const SIGN = 2147483648;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function skipSpace(text: string, at: number): number {
  let code = text.charCodeAt(at);
  while (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09)
    code = text.charCodeAt(++at);
  return at;
}
