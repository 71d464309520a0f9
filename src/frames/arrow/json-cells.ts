/**
 * json cells in Arrow: Binary cells holding each value's JSON text (Go's json.RawMessage),
 * integers a double cannot hold kept as bigint. A column is written with one stringify of
 * all its cells split at top-level commas, and read with one parse of its cells laid out as
 * one array; a column that does not suit that (or an error to be worded) goes cell by cell.
 */
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
  let inString = false;
  let w = 0;
  let row = 0;
  for (let r = 1; r < end; r++) {
    const b = bytes[r]!;
    if (inString) {
      // An escape takes the next byte whatever it is (\" and \\ included).
      if (b === BACKSLASH) bytes[w++] = bytes[r++]!;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) depth += 1;
    else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth -= 1;
    else if (b === COMMA && depth === 0) {
      if (row === rows - 1) return undefined;
      if (validity !== undefined && !getBit(validity, row)) w = offsets[row]!;
      offsets[++row] = w;
      continue;
    }
    bytes[w++] = bytes[r]!;
  }
  if (row !== rows - 1 || depth !== 0 || inString) return undefined;
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
    items = parseCells(text.toString("utf8", 0, w), longNumber[0] === 1, where);
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
    let inString = false;
    let digits = 0;
    for (let r = start; r < end; r++) {
      const b = data[r]!;
      if (inString) {
        // An escape takes the next byte whatever it is (\" and \\ included).
        if (b === BACKSLASH && r + 1 < end) text[w++] = data[r++]!;
        else if (b === QUOTE) inString = false;
      } else if (b >= DIGIT_0 && b <= DIGIT_9) {
        digits += 1;
        if (digits === LONG_NUMBER) longNumber[0] = 1;
      } else {
        digits = 0;
        if (b === QUOTE) inString = true;
        else if (b === OPEN_ARRAY || b === OPEN_OBJECT) depth += 1;
        else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
          if (depth === 0) return -1;
          depth -= 1;
        } else if (b === COMMA && depth === 0) return -1;
      }
      text[w++] = data[r]!;
    }
    if (depth !== 0 || inString) return -1;
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
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
// Integers a double cannot hold exactly have at least 16 digits.
const LONG_NUMBER = 16;
