import type { FixedArrayType } from "./arrow-codec-fixed.js";
import { badValue } from "./bad-value.js";
import type { ToCell } from "./cells.js";
import { invalid } from "./invalid.js";
import type { ColumnExtras } from "./json-column.js";

type Cell = number | bigint;

interface Cells {
  readonly out: { [index: number]: Cell; readonly length: number };
  readonly nulls: number[];
}

/** Reads raw JSON cells into a typed array, remembering where nulls were. */
export function readCells(
  raw: readonly unknown[],
  toCell: ToCell<Cell>,
  ArrayType: FixedArrayType,
  what: string,
  where: string,
): Cells {
  const wide = ArrayType === BigInt64Array || ArrayType === BigUint64Array;
  // One store kind for all number types keeps the loop fast (a third of the time of storing
  // into each field's own type); the copy into that type is native and exact for read cells.
  const out = wide ? new ArrayType(raw.length) : new Float64Array(raw.length);
  const nulls = fill(out, raw, toCell, what, where);
  if (wide || ArrayType === Float64Array) return { out, nulls };
  return { out: new (ArrayType as Float64ArrayConstructor)(out as Float64Array), nulls };
}

function fill(
  out: { [index: number]: Cell },
  raw: readonly unknown[],
  toCell: ToCell<Cell>,
  what: string,
  where: string,
): number[] {
  const nulls: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const value = raw[i];
    const cell = toCell(value);
    if (cell !== undefined) out[i] = cell;
    else if (value === null) nulls.push(i);
    else throw badValue(`frame JSON ${where}`, i, value, what);
  }
  return nulls;
}

/** The typed array itself when no null is left, else a plain array with nulls. */
export function withNulls(cells: Cells): { values: ArrayLike<unknown>; hasNull: boolean } {
  if (cells.nulls.length === 0) return { values: cells.out, hasNull: false };
  // Nulls first, then the cells around them: five times faster than copying, then nulling.
  const values: (Cell | null)[] = new Array(cells.out.length).fill(null);
  const { out, nulls } = cells;
  let next = 0;
  for (let i = 0; i < values.length; i++) {
    if (nulls[next] === i) next += 1;
    else values[i] = out[i]!;
  }
  return { values, hasNull: true };
}

export function noEntities(extras: ColumnExtras, where: string): void {
  if (extras.entities !== null && extras.entities !== undefined) {
    throw invalid(`frame JSON ${where}: entities are only allowed for float fields`);
  }
}

export function noNanos(extras: ColumnExtras, where: string): void {
  if (extras.nanos !== null && extras.nanos !== undefined) {
    throw invalid(`frame JSON ${where}: nanos are only allowed for time fields`);
  }
}

/** Fails when a field type that has neither entities nor nanos gets them. */
export function noExtras(extras: ColumnExtras, where: string): void {
  noEntities(extras, where);
  noNanos(extras, where);
}

/** `[a,b,…]` from cells already converted to their JSON text (numbers join as text). */
export function arrayText(parts: ArrayLike<unknown> & { join(separator: string): string }): string {
  return `[${parts.join(",")}]`;
}
