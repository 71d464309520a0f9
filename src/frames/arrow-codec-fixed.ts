import { type Data, type DataType, makeData } from "apache-arrow";
import type { Field } from "../model/frame.js";
import { checkLength, chunksHaveNulls, validityOf } from "./arrow-chunks.js";
import type { ArrowCodec, DecodedColumn } from "./arrow-codec.js";
import { badValue } from "./bad-value.js";
import { isPresent, NullTracker } from "./validity.js";

type Cell = number | bigint;

/** The typed arrays behind fixed-width Arrow columns, seen through one cell-agnostic shape. */
interface FixedArray {
  readonly length: number;
  [index: number]: Cell;
  subarray(begin: number, end: number): FixedArray;
  set(source: FixedArray, offset: number): void;
}

export interface FixedArrayType {
  new (length: number): FixedArray;
}

/**
 * A fixed-width column (ints, floats, enums). `toCell` returns the wire value of an
 * accepted model value, or undefined when the value does not fit the type.
 */
export function fixedCodec(
  ArrayType: FixedArrayType,
  arrowType: () => DataType,
  toCell: (value: unknown) => Cell | undefined,
  what: string,
): ArrowCodec {
  return {
    arrowType,
    encode(field, rows, where) {
      const encoded = encodeFixed(field, rows, where, ArrayType, toCell, what);
      return makeData({ type: arrowType(), length: rows, ...encoded } as never);
    },
    decode: (chunks, rows, where) => decodeFixed(chunks, rows, where, ArrayType),
  };
}

function encodeFixed(
  field: Field,
  rows: number,
  where: string,
  ArrayType: FixedArrayType,
  toCell: (value: unknown) => Cell | undefined,
  what: string,
): { data: FixedArray; nullBitmap: Uint8Array | undefined; nullCount: number } {
  const source = field.values as ArrayLike<unknown>;
  // A typed array of the wire type already is the Arrow data buffer.
  if (source instanceof ArrayType) return { data: source, nullBitmap: undefined, nullCount: 0 };
  const out = new ArrayType(rows);
  const nulls = new NullTracker(rows);
  for (let i = 0; i < rows; i++) {
    const value = source[i];
    const cell = toCell(value);
    if (cell !== undefined) out[i] = cell;
    else if (value === null && field.nullable) nulls.markNull(i);
    else throw badValue(where, i, value, what);
  }
  return { data: out, nullBitmap: nulls.result(), nullCount: nulls.nullCount };
}

function decodeFixed(
  chunks: readonly Data[],
  rows: number,
  where: string,
  ArrayType: FixedArrayType,
): DecodedColumn {
  const views = chunks.map((chunk) => {
    const values = chunk.values as FixedArray;
    checkLength(values.length, chunk.length, where);
    return values.subarray(0, chunk.length);
  });
  if (!chunksHaveNulls(chunks, where)) return { values: joinViews(views, rows, ArrayType) };
  const out: (Cell | null)[] = new Array(rows);
  let at = 0;
  chunks.forEach((chunk, c) => {
    const view = views[c]!;
    const bitmap = validityOf(chunk, where);
    for (let i = 0; i < chunk.length; i++) {
      out[at++] = isPresent(bitmap, chunk.offset + i) ? view[i]! : null;
    }
  });
  return { values: out };
}

/** One chunk is returned as a view over the Arrow buffer (no copy); several are joined. */
function joinViews(views: FixedArray[], rows: number, ArrayType: FixedArrayType): FixedArray {
  if (views.length === 1) return views[0]!;
  const out = new ArrayType(rows);
  let at = 0;
  for (const view of views) {
    out.set(view, at);
    at += view.length;
  }
  return out;
}
