/**
 * JSON cells a whole column at a time: one stringify of the cells array, split at its
 * top-level commas, instead of one stringify per cell. Undefined means "take the per-cell
 * path", which also words any error.
 */
import type { Binary, Data } from "apache-arrow";
import { stringifyExact } from "../exact-json.js";
import type { Field } from "../model/frame.js";
import { copyValue, newScan } from "./arrow-json-split.js";
import { textData } from "./arrow-text.js";
import { getBit, NullTracker } from "./validity.js";

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
