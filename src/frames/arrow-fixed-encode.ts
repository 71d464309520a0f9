import type { Field } from "../model/frame.js";
import { badValue } from "./bad-value.js";
import type { ToCell } from "./cells.js";
import { NullTracker } from "./validity.js";

type Cell = number | bigint;

/** The typed arrays behind fixed-width Arrow columns, seen through one cell-agnostic shape. */
export interface FixedArray {
  readonly length: number;
  [index: number]: Cell;
  subarray(begin: number, end: number): FixedArray;
  set(source: FixedArray, offset: number): void;
}

export interface FixedArrayType {
  new (length: number): FixedArray;
  new (values: ArrayLike<unknown>): FixedArray;
}

/** A fixed-width column's data buffer and validity. */
export interface EncodedFixed {
  readonly data: FixedArray;
  readonly nullBitmap: Uint8Array | undefined;
  readonly nullCount: number;
}

export type FixedEncoder = (field: Field, rows: number, where: string) => EncodedFixed;

/**
 * Cells checked by `toCell` into a `Staging` array, then converted to `ArrayType` by the engine.
 * Float64 staging for every type of at most 32 bits (exact for them all) keeps the loop they
 * share at one store kind; 64-bit types stage in their own array.
 */
export function fixedEncoder(
  ArrayType: FixedArrayType,
  Staging: FixedArrayType,
  toCell: ToCell<Cell>,
  what: string,
): FixedEncoder {
  return (field, rows, where) => {
    const source = field.values as ArrayLike<unknown>;
    // A typed array of the wire type already is the Arrow data buffer.
    if (source instanceof ArrayType) return { data: source, nullBitmap: undefined, nullCount: 0 };
    const staged = new Staging(rows);
    const nulls = fillCells(field, rows, where, what, staged, toCell);
    const data = Staging === ArrayType ? staged : new ArrayType(staged);
    return { data, nullBitmap: nulls.result(), nullCount: nulls.nullCount };
  };
}

/** Stores each value's cell in `out`, collecting nulls; throws for the first that does not fit. */
function fillCells<T extends Cell>(
  field: Field,
  rows: number,
  where: string,
  what: string,
  out: { [index: number]: T },
  toCell: ToCell<T>,
): NullTracker {
  const source = field.values as ArrayLike<unknown>;
  const nulls = new NullTracker(rows);
  for (let i = 0; i < rows; i++) {
    const value = source[i];
    const cell = toCell(value);
    if (cell !== undefined) out[i] = cell;
    else if (value === null && field.nullable) nulls.markNull(i);
    else throw badValue(where, i, value, what);
  }
  return nulls;
}
