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
import { checkOffsets, getBit, isPresent, NullTracker, validityOf } from "./buffers.js";
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
  if (!Array.isArray(values) || values.length !== rows) return undefined;
  const nulls = new NullTracker(rows);
  for (let i = 0; i < rows; i++) {
    const value: unknown = values[i];
    if (value === null && field.nullable) nulls.markNull(i);
    else if (!sameInArray(value)) return undefined;
  }
  let text: string | undefined;
  try {
    text = stringifyExact(values);
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, "utf8");
  const offsets = splitCells(bytes, rows, nulls.result());
  if (offsets === undefined) return undefined;
  return textData(type, rows, nulls, offsets, bytes.subarray(0, offsets[rows]));
}

// A top-level cell JSON.stringify writes differently inside an array (undefined, functions
// and symbols become null; toJSON gets its index as key) goes the per-cell way.
function sameInArray(value: unknown): boolean {
  const kind = typeof value;
  if (kind === "undefined" || kind === "function" || kind === "symbol") return false;
  return kind !== "object" || value === null || !("toJSON" in (value as object));
}

/** Moves the cells of `[c0,c1,…]` to the front of `bytes` (null rows dropped); their ends. */
function splitCells(
  bytes: Buffer,
  rows: number,
  valid: Uint8Array | undefined,
): Int32Array | undefined {
  const offsets = new Int32Array(rows + 1);
  const scan = newScan();
  const end = bytes.length - 1; // the closing ]
  let r = 1; // past the opening [
  for (let row = 0; row < rows; row++) {
    r = copyValue(bytes, r, end, bytes, scan);
    if (r < 0 || (r === end) !== (row === rows - 1)) return undefined;
    if (valid !== undefined && !getBit(valid, row)) scan.written = offsets[row]!;
    offsets[row + 1] = scan.written;
    r += 1; // past the comma
  }
  return offsets;
}

/** The whole-column read; undefined means "take the per-cell path", which also words any error. */
export function decodeJsonColumn(
  chunks: readonly Data[],
  rows: number,
  where: string,
): unknown[] | undefined {
  const present = new Uint8Array(rows); // 1 where a row holds a (non-empty) value
  const scan = newScan();
  const text = arrayText(chunks, where, present, scan);
  if (text === undefined) return undefined;
  let items: unknown;
  try {
    items = parseCells(text, scan.longNumber, where);
  } catch {
    return undefined;
  }
  return Array.isArray(items) ? spread(items, present) : undefined;
}

/** `[cell,cell,…]` from the non-null, non-empty cells, or undefined unless each is one value. */
function arrayText(chunks: readonly Data[], where: string, present: Uint8Array, scan: JsonScan) {
  let size = 2;
  for (const chunk of chunks) {
    const offsets = chunk.valueOffsets as Int32Array;
    checkOffsets(offsets, chunk.length, (chunk.values as Uint8Array).length, where);
    size += offsets[chunk.length]! - offsets[0]! + chunk.length;
  }
  const out = Buffer.allocUnsafe(size);
  out[scan.written++] = 0x5b;
  let at = 0;
  for (const chunk of chunks) {
    const offsets = chunk.valueOffsets as Int32Array;
    const data = chunk.values as Uint8Array;
    const bitmap = validityOf(chunk, where);
    for (let i = 0; i < chunk.length; i++, at++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      // An empty json.RawMessage is Go's nil: a null row.
      if (end === start || !isPresent(bitmap, chunk.offset + i)) continue;
      if (scan.written > 1) out[scan.written++] = COMMA;
      scan.digits = 0;
      if (copyValue(data, start, end, out, scan) !== end || !atTopLevel(scan)) return undefined;
      present[at] = 1;
    }
  }
  out[scan.written++] = 0x5d;
  return out.toString("utf8", 0, scan.written);
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

// The byte scan behind whole columns: copies JSON text up to the next top-level comma,
// tracking nesting and strings (UTF-8 never puts ASCII bytes inside a character).

/** Scanner state carried from one call to the next. */
interface JsonScan {
  depth: number;
  inString: boolean;
  /** Where the next copied byte goes. */
  written: number;
  /** Digits in a row outside strings, and whether 16 or more were ever seen together. */
  digits: number;
  longNumber: boolean;
}

function newScan(): JsonScan {
  return { depth: 0, inString: false, written: 0, digits: 0, longNumber: false };
}

/**
 * Copies bytes[from..to) to out at scan.written until a top-level comma (not copied);
 * returns that comma's index, `to`, or -1 when a bracket closes below the top level.
 */
function copyValue(
  bytes: Uint8Array,
  from: number,
  to: number,
  out: Uint8Array,
  scan: JsonScan,
): number {
  let { depth, inString, written: w, digits } = scan;
  let r = from;
  for (; r < to; r++) {
    const b = bytes[r]!;
    if (inString) {
      // An escape takes the next byte whatever it is (\" and \\ included).
      if (b === BACKSLASH && r + 1 < to) out[w++] = bytes[r++]!;
      else if (b === QUOTE) inString = false;
    } else if (b >= DIGIT_0 && b <= DIGIT_9) {
      digits += 1;
      if (digits === LONG_NUMBER) scan.longNumber = true;
    } else {
      digits = 0;
      if (b === QUOTE) inString = true;
      else if (b === OPEN_ARRAY || b === OPEN_OBJECT) depth += 1;
      else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
        if (depth === 0) return -1;
        depth -= 1;
      } else if (b === COMMA && depth === 0) break;
    }
    out[w++] = bytes[r]!;
  }
  scan.depth = depth;
  scan.inString = inString;
  scan.written = w;
  scan.digits = digits;
  return r;
}

/** Whether the scan stands between two top-level values. */
function atTopLevel(scan: JsonScan): boolean {
  return scan.depth === 0 && !scan.inString;
}
