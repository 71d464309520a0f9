/**
 * JSON cells a whole column at a time: the cells laid out as one JSON array text and read
 * with one JSON.parse, instead of one parse per cell. Undefined means "take the per-cell
 * path", which also words any error.
 */
import type { Data } from "apache-arrow";
import { narrowBigints, parseJsonExact } from "../exact-json.js";
import { checkOffsets, validityOf } from "./arrow-chunks.js";
import { atTopLevel, copyValue, type JsonScan, newScan } from "./arrow-json-split.js";
import { isPresent } from "./validity.js";

const COMMA = 0x2c;

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
