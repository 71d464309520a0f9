/**
 * A `/query` answer's datapoints read straight from its bytes. A large Simple JSON answer is
 * mostly `[[value, timestamp], …]` arrays, which JSON.parse turns into one small array per
 * point (about 66 bytes each, four times the text). Here each top-level item's `datapoints`
 * array of plain `[number|null, number]` pairs becomes two columns (16 bytes a point) and is
 * cut out, so only the rest is decoded and given to JSON.parse: the whole body never becomes
 * a string. An array of any other shape stays in, for the general reader and its messages;
 * so does everything in an answer whose structure is not the plain one (then nothing is cut).
 * The UTF-8 bytes can be read as they are: quotes, backslashes, brackets and the cuts' ends
 * are ASCII, which never occurs inside a multi-byte character.
 */

/** One series' points as columns: epoch ms (whole, as parse-query keeps them) and values. */
export interface PointColumns {
  readonly times: Float64Array;
  /** A plain array when some values are null, since a Float64Array cannot hold null. */
  readonly values: Float64Array | (number | null)[];
}

export interface SplitAnswer {
  /** The answer's text with the datapoints arrays read into columns replaced by `[]`. */
  readonly rest: string;
  /** Columns by the index of their item in the top-level array. */
  readonly columns: ReadonlyMap<number, PointColumns>;
}

/** Undefined when there is nothing to cut out, or the answer is not the plain array of objects. */
export function splitDatapoints(body: Uint8Array): SplitAnswer | undefined {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const reader = new Reader(bytes);
  try {
    reader.answer();
  } catch (thrown) {
    if (thrown === notPlain) return undefined;
    throw thrown;
  }
  if (reader.cuts.length === 0) return undefined;
  const pieces: string[] = [];
  let from = 0;
  const columns = new Map<number, PointColumns>();
  for (const cut of reader.cuts) {
    pieces.push(bytes.toString("utf8", from, cut.start), "[]");
    from = cut.end;
    columns.set(cut.item, cut.columns);
  }
  pieces.push(bytes.toString("utf8", from));
  return { rest: pieces.join(""), columns };
}

interface Cut {
  readonly item: number;
  readonly start: number;
  readonly end: number;
  readonly columns: PointColumns;
}

/** Thrown (never escaping) when the text is not the plain shape: JSON.parse then reads it all. */
const notPlain = Symbol("not plain");

const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const OPEN = 91;
const BACKSLASH = 92;
const CLOSE = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

class Reader {
  readonly cuts: Cut[] = [];
  private at = 0;
  private readonly text: Buffer;

  constructor(bytes: Buffer) {
    this.text = bytes;
  }

  /** `[` item, … `]` where items that are objects are read key by key. */
  answer(): void {
    this.expect(OPEN);
    if (this.peek() === CLOSE) return;
    for (let item = 0; ; item++) {
      if (this.peek() === OPEN_OBJECT) this.item(item);
      else this.skipValue();
      this.separator(CLOSE);
      if (this.text[this.at - 1] === CLOSE) return;
    }
  }

  private item(item: number): void {
    this.expect(OPEN_OBJECT);
    if (this.peek() === CLOSE_OBJECT) {
      this.at++;
      return;
    }
    let seen = false;
    for (;;) {
      const key = this.key();
      this.expect(COLON);
      if (key === "datapoints") {
        // A repeated key: JSON.parse keeps the last, the columns would be the first's.
        if (seen) throw notPlain;
        seen = true;
        this.datapoints(item);
      } else this.skipValue();
      this.separator(CLOSE_OBJECT);
      if (this.text[this.at - 1] === CLOSE_OBJECT) return;
    }
  }

  /** A key without escapes (an escaped key could spell "datapoints" unseen). */
  private key(): string {
    this.expect(QUOTE);
    const start = this.at;
    const end = this.text.indexOf(QUOTE, start);
    if (end < 0 || this.text.subarray(start, end).includes(BACKSLASH)) throw notPlain;
    this.at = end + 1;
    return this.text.toString("utf8", start, end);
  }

  private datapoints(item: number): void {
    this.spaces();
    const start = this.at;
    const columns = this.text[start] === OPEN ? this.pairs() : undefined;
    if (columns === undefined) {
      this.at = start;
      this.skipValue();
      return;
    }
    this.cuts.push({ item, start, end: this.at, columns });
  }

  /** `[[v, t], …]`, or undefined (with `at` anywhere) when any point is not that plain. */
  private pairs(): PointColumns | undefined {
    this.at++;
    const out = new ColumnBuilder();
    if (this.peek() === CLOSE) {
      this.at++;
      return out.columns();
    }
    for (;;) {
      if (this.next() !== OPEN) return undefined;
      this.spaces();
      const value = this.isNull() ? null : this.number();
      if (value === undefined || this.next() !== COMMA) return undefined;
      this.spaces();
      const time = this.number();
      if (time === undefined || this.next() !== CLOSE) return undefined;
      // As parse-query reads a timestamp: finite, truncated to a whole, safe millisecond.
      const ms = Math.trunc(time);
      if (!Number.isSafeInteger(ms)) return undefined;
      out.push(value, ms);
      const after = this.next();
      if (after === CLOSE) return out.columns();
      if (after !== COMMA) return undefined;
    }
  }

  private isNull(): boolean {
    const t = this.text;
    const at = this.at;
    if (t[at] !== 0x6e || t[at + 1] !== 0x75 || t[at + 2] !== 0x6c || t[at + 3] !== 0x6c)
      return false;
    this.at += 4;
    return true;
  }

  /** A JSON number, read exactly as JSON.parse reads it; undefined when the text is not one. */
  private number(): number | undefined {
    const text = this.text;
    const start = this.at;
    const negative = text[start] === MINUS;
    let i = negative ? start + 1 : start;
    const first = text[i] ?? 0;
    if (first === ZERO) i++;
    else if (first > ZERO && first <= NINE) i = digitsEnd(text, i);
    else return undefined;
    const wholeEnd = i;
    if (text[i] === DOT) {
      const end = digitsEnd(text, i + 1);
      if (end === i + 1) return undefined;
      i = end;
    }
    const fractionEnd = i;
    if (((text[i] ?? 0) | 0x20) === 0x65) {
      i++;
      if (text[i] === 0x2b || text[i] === MINUS) i++;
      const end = digitsEnd(text, i);
      if (end === i) return undefined;
      i = end;
    }
    this.at = i;
    const digitsStart = negative ? start + 1 : start;
    const fraction = fractionEnd > wholeEnd ? fractionEnd - wholeEnd - 1 : 0;
    // At most 15 digits and no exponent: exact digits over an exact 10^n round as JSON.parse does.
    if (i === fractionEnd && fractionEnd - digitsStart - (fraction > 0 ? 1 : 0) <= 15) {
      let value = 0;
      for (let j = digitsStart; j < wholeEnd; j++)
        value = value * 10 + ((text[j] as number) - ZERO);
      for (let j = wholeEnd + 1; j < fractionEnd; j++)
        value = value * 10 + ((text[j] as number) - ZERO);
      if (fraction > 0) value /= powersOfTen[fraction] as number;
      return negative ? -value : value;
    }
    return Number(text.toString("latin1", start, i));
  }

  /** Any JSON value, skipped: strings with their escapes, brackets counted outside strings. */
  private skipValue(): void {
    this.spaces();
    const text = this.text;
    let depth = 0;
    for (; this.at < text.length; this.at++) {
      const c = text[this.at];
      if (c === QUOTE) this.skipString();
      else if (c === OPEN || c === OPEN_OBJECT) depth++;
      else if (c === CLOSE || c === CLOSE_OBJECT) {
        if (depth === 0) return;
        depth--;
        if (depth === 0) {
          this.at++;
          return;
        }
      } else if (c === COMMA && depth === 0) return;
    }
    throw notPlain;
  }

  /** From an opening quote to just before its closing one. */
  private skipString(): void {
    const text = this.text;
    for (let i = this.at + 1; i < text.length; i++) {
      const c = text[i];
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        this.at = i;
        return;
      }
    }
    throw notPlain;
  }

  private spaces(): void {
    const text = this.text;
    let c = text[this.at];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text[++this.at];
  }

  /** The next byte after spaces (-1 at the end). */
  private peek(): number {
    this.spaces();
    return this.text[this.at] ?? -1;
  }

  /** The next byte after spaces, consumed (-1 at the end). */
  private next(): number {
    this.spaces();
    return this.text[this.at++] ?? -1;
  }

  private expect(code: number): void {
    if (this.next() !== code) throw notPlain;
  }

  /** A comma, or the `close` that ends the list: consumed. */
  private separator(close: number): void {
    const c = this.next();
    if (c !== COMMA && c !== close) throw notPlain;
  }
}

/** Written out, so that each is the exact double (at most 10^15 is needed). */
const powersOfTen = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

function digitsEnd(text: Buffer, from: number): number {
  let i = from;
  for (let c = text[i] ?? 0; c >= ZERO && c <= NINE; c = text[++i] ?? 0);
  return i;
}

/** Columns in shared scratch arrays (one series is read at a time), copied out at their length. */
class ColumnBuilder {
  private times: Float64Array = scratchTimes;
  private values: Float64Array = scratchValues;
  private readonly nulls: number[] = [];
  private length = 0;

  push(value: number | null, time: number): void {
    if (this.length === this.times.length) {
      this.times = grown(this.times);
      this.values = grown(this.values);
    }
    if (value === null) this.nulls.push(this.length);
    else this.values[this.length] = value;
    this.times[this.length++] = time;
  }

  columns(): PointColumns {
    const times = this.times.slice(0, this.length);
    if (this.nulls.length === 0) return { times, values: this.values.slice(0, this.length) };
    const withNulls: (number | null)[] = [];
    for (let i = 0; i < this.length; i++) withNulls.push(this.values[i] as number);
    for (const i of this.nulls) withNulls[i] = null;
    return { times, values: withNulls };
  }
}

const scratchTimes = new Float64Array(4096);
const scratchValues = new Float64Array(4096);

function grown(column: Float64Array): Float64Array {
  const next = new Float64Array(column.length * 2);
  next.set(column);
  return next;
}
