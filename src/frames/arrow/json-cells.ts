/**
 * json cells in Arrow: Binary cells holding each value's JSON text (Go's json.RawMessage),
 * integers a double cannot hold kept as bigint. A column is written with one stringify of
 * all its cells split at top-level commas, and read with one parse of its cells laid out as
 * one array; a column that does not suit that (or an error to be worded) goes cell by cell.
 */
import { isAscii } from "node:buffer";
import { Binary, type Data } from "apache-arrow";
import { messageOf } from "../../errors.js";
import { narrowBigints, parseJsonExact, stringifyExact } from "../../exact-json.js";
import type { Field } from "../../model/frame.js";
import { badValue, invalid } from "../invalid.js";
import { checkOffsets, clearBit, getBit, isPresent, validityFor, validityOf } from "./buffers.js";
import { decodeText, encodeText, plainTextChunks, textData } from "./strings.js";

/** The column's Arrow data. */
export function encodeJsonCells(field: Field, rows: number, where: string): Data {
  return (
    encodeJsonColumn(field, rows, new Binary()) ??
    encodeText(field, rows, new Binary(), (value, i) => jsonText(value, where, i))
  );
}

/** The column's cells, from one chunk per record batch in any text layout. */
export function decodeJsonCells(
  anyChunks: readonly Data[],
  rows: number,
  where: string,
): unknown[] {
  const chunks = plainTextChunks(anyChunks, where);
  const whole = decodeJsonColumn(chunks, rows, where);
  if (whole !== undefined) return whole;
  const texts = decodeText(chunks, rows, where);
  return texts.map((text, i) => (text === null ? null : parseJsonCell(text, where, i)));
}

function jsonText(value: unknown, where: string, row: number): string {
  let text: string | undefined;
  try {
    text = stringifyExact(value);
  } catch (thrown) {
    throw invalid(`${where} row ${row}: value cannot be written as JSON: ${messageOf(thrown)}`);
  }
  if (text === undefined) throw badValue(where, row, value, "a JSON value");
  return text;
}

function parseJsonCell(text: string, where: string, row: number): unknown {
  if (text === "") return null; // an empty json.RawMessage is Go's nil
  return narrowBigints(parseJsonExact(text, `Arrow ${where} row ${row}`));
}

/** The whole-column write; undefined means "take the per-cell path". */
export function encodeJsonColumn(field: Field, rows: number, type: Binary): Data | undefined {
  const values = field.values;
  if (!Array.isArray(values) || values.length !== rows || rows === 0) return undefined;
  const validity = validityFor(field.nullable, rows);
  const nullCount = markNulls(values, rows, validity);
  if (nullCount < 0) return undefined;
  let text: string | undefined;
  try {
    text = stringifyExact(values);
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, "utf8");
  const offsets = splitCells(bytes, rows, validity);
  if (offsets === undefined) return undefined;
  return textData(type, rows, validity, nullCount, offsets, bytes.subarray(0, offsets[rows]));
}

/** Clears the validity bit of each null row; the null count, or -1 for a cell to write alone. */
function markNulls(values: unknown[], rows: number, validity: Uint8Array | undefined): number {
  let nulls = 0;
  for (let i = 0; i < rows; i++) {
    const value: unknown = values[i];
    if (value === null && validity !== undefined) {
      clearBit(validity, i);
      nulls += 1;
    } else if (!sameInArray(value)) return -1;
  }
  return nulls;
}

// A top-level cell JSON.stringify writes differently inside an array (undefined, functions
// and symbols become null; toJSON gets its index as key) goes the per-cell way.
function sameInArray(value: unknown): boolean {
  const kind = typeof value;
  if (kind === "undefined" || kind === "function" || kind === "symbol") return false;
  return kind !== "object" || value === null || !("toJSON" in (value as object));
}

/**
 * Moves the cells of the text `[c0,c1,…]` to the front of `bytes`, the null rows' dropped;
 * their ends, or undefined unless there are `rows` top-level cells.
 */
function splitCells(
  bytes: Buffer,
  rows: number,
  validity: Uint8Array | undefined,
): Int32Array | undefined {
  const offsets = new Int32Array(rows + 1);
  const end = bytes.length - 1; // the closing ]
  let depth = 0;
  let w = 0;
  let row = 0;
  for (let r = 1; r < end; r++) {
    const b = bytes[r]!;
    const kind = byteKinds[b]!;
    if (kind === STRING) {
      // The whole string at once; an escape takes the next byte whatever it is.
      bytes[w++] = b;
      for (r++; r < end; r++) {
        const c = bytes[r]!;
        bytes[w++] = c;
        if (c === QUOTE) break;
        if (c === BACKSLASH) bytes[w++] = bytes[++r]!;
      }
      if (r >= end) return undefined;
      continue;
    }
    if (kind === OPEN) depth += 1;
    else if (kind === CLOSE) depth -= 1;
    else if (kind === SEPARATOR && depth === 0) {
      if (row === rows - 1) return undefined;
      if (validity !== undefined && !getBit(validity, row)) w = offsets[row]!;
      offsets[++row] = w;
      continue;
    }
    bytes[w++] = b;
  }
  if (row !== rows - 1 || depth !== 0) return undefined;
  if (validity !== undefined && !getBit(validity, row)) w = offsets[row]!;
  offsets[rows] = w;
  return offsets;
}

/** The whole-column read; undefined means "take the per-cell path", which also words any error. */
export function decodeJsonColumn(
  chunks: readonly Data[],
  rows: number,
  where: string,
): unknown[] | undefined {
  let size = 2;
  for (const chunk of chunks) {
    const offsets = chunk.valueOffsets as Int32Array;
    checkOffsets(offsets, chunk.length, (chunk.values as Uint8Array).length, where);
    size += offsets[chunk.length]! - offsets[0]! + chunk.length;
  }
  const text = Buffer.allocUnsafe(size);
  const present = new Uint8Array(rows); // 1 where a row holds a (non-empty) value
  const longNumber = new Uint8Array(1); // set once a number of 16 digits or more is seen
  let w = 1;
  let at = 0;
  text[0] = OPEN_ARRAY;
  for (const chunk of chunks) {
    const bitmap = validityOf(chunk, where);
    const offsets = chunk.valueOffsets as Int32Array;
    const data = chunk.values as Uint8Array;
    w = joinCells(
      text,
      w,
      offsets,
      data,
      bitmap,
      chunk.offset,
      chunk.length,
      present,
      at,
      longNumber,
    );
    if (w < 0) return undefined;
    at += chunk.length;
  }
  text[w++] = CLOSE_ARRAY;
  let items: unknown;
  try {
    // ASCII text (the usual case) is read byte for byte, much faster than as UTF-8.
    const encoding = isAscii(text.subarray(0, w)) ? "latin1" : "utf8";
    items = parseCells(text.toString(encoding, 0, w), longNumber[0] === 1, where);
  } catch {
    return undefined;
  }
  return Array.isArray(items) ? spread(items, present) : undefined;
}

/**
 * Copies the non-null, non-empty cells of a chunk to text[w..], comma-separated, marking their
 * rows in `present`; the next `w`, or -1 unless each cell is one value at the top level.
 */
function joinCells(
  text: Uint8Array,
  w: number,
  offsets: Int32Array,
  data: Uint8Array,
  bitmap: Uint8Array | undefined,
  bit: number,
  length: number,
  present: Uint8Array,
  at: number,
  longNumber: Uint8Array,
): number {
  for (let i = 0; i < length; i++, at++, bit++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    // An empty json.RawMessage is Go's nil: a null row.
    if (end === start || !isPresent(bitmap, bit)) continue;
    if (w > 1) text[w++] = COMMA;
    let depth = 0;
    let digits = 0;
    for (let r = start; r < end; r++) {
      const b = data[r]!;
      const kind = byteKinds[b]!;
      if (kind === DIGIT) {
        digits += 1;
        if (digits === LONG_NUMBER) longNumber[0] = 1;
      } else {
        digits = 0;
        if (kind === STRING) {
          text[w++] = b;
          for (r++; r < end; r++) {
            const c = data[r]!;
            text[w++] = c;
            if (c === QUOTE) break;
            if (c === BACKSLASH && r + 1 < end) text[w++] = data[++r]!;
          }
          if (r >= end) return -1; // the string does not end in the cell
          continue;
        }
        if (kind === OPEN) depth += 1;
        else if (kind === CLOSE) {
          if (depth === 0) return -1;
          depth -= 1;
        } else if (kind === SEPARATOR && depth === 0) return -1;
      }
      text[w++] = b;
    }
    if (depth !== 0) return -1;
    present[at] = 1;
  }
  return w;
}

// Without a number of 16 digits or more every integer fits a double: the native parse is exact.
function parseCells(text: string, longNumber: boolean, where: string): unknown {
  return longNumber ? narrowBigints(parseJsonExact(text, where)) : JSON.parse(text);
}

function spread(items: unknown[], present: Uint8Array): unknown[] | undefined {
  if (items.length === present.length) return items; // every row holds a value
  const values: unknown[] = new Array(present.length);
  let k = 0;
  for (let i = 0; i < present.length; i++) values[i] = present[i] === 1 ? items[k++] : null;
  return k === items.length ? values : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
// Integers a double cannot hold exactly have at least 16 digits.
const LONG_NUMBER = 16;

// What each byte is to the scans outside strings (0: anything else; UTF-8 never puts ASCII
// bytes inside a character): one table lookup instead of a chain of comparisons.
const STRING = 1;
const OPEN = 2;
const CLOSE = 3;
const SEPARATOR = 4;
const DIGIT = 5;
const byteKinds = new Uint8Array(256).fill(DIGIT, 0x30, 0x3a);
byteKinds[QUOTE] = STRING;
byteKinds[OPEN_ARRAY] = OPEN;
byteKinds[0x7b] = OPEN; // {
byteKinds[CLOSE_ARRAY] = CLOSE;
byteKinds[0x7d] = CLOSE; // }
byteKinds[COMMA] = SEPARATOR;
