import type { Field } from "../model/frame.js";
import { badValue } from "./bad-value.js";
import type { ToCell } from "./cells.js";
import type { Entities, WrittenColumn } from "./json-column.js";
import { float32Text as shortestFloat32 } from "./number-text.js";
import { mostlyShort, numbersText } from "./number-writer.js";

/** The cells as a real array: JSON.stringify (the fastest number writer) needs one. */
export function plainArray(values: ArrayLike<unknown>): unknown[] {
  return Array.isArray(values) ? values : Array.from(values);
}

/** An integer column's JSON text; 64-bit cells (bigint) are written digit for digit. */
export function writeIntegers(
  field: Field,
  rows: number,
  where: string,
  toCell: ToCell<number | bigint>,
  what: string,
  wide: boolean,
  checked: boolean,
): string {
  const values = field.values as ArrayLike<unknown>;
  let nulls = false;
  for (let i = 0; i < rows && !checked; i++) {
    const value = values[i];
    if (toCell(value) !== undefined) continue;
    if (value === null && field.nullable) nulls = true;
    else throw badValue(where, i, value, what);
  }
  if (!wide) return JSON.stringify(plainArray(values));
  // join() writes bigints without "n" but null as "": spell nulls out when there are any.
  const cells = nulls ? Array.from(values, (value) => (value === null ? "null" : value)) : values;
  return `[${Array.prototype.join.call(cells, ",")}]`;
}

/** A float column's JSON text: NaN and ±Inf become null and are listed in the entities. */
export function writeFloats(
  field: Field,
  rows: number,
  where: string,
  float32: boolean,
): WrittenColumn {
  const values = field.values as ArrayLike<unknown>;
  const entities: Entities = {};
  let special = false;
  // JSON.stringify writes float32 cells at double precision and -0 as 0: both need care.
  const negativeZeros: number[] = [];
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value === "number") {
      const wire = float32 ? Math.fround(value) : value;
      if (wire - wire !== 0) {
        addEntity(entities, wire, i);
        special = true;
      } else if (wire === 0 && 1 / wire < 0) negativeZeros.push(i);
    } else if (value !== null || !field.nullable) throw badValue(where, i, value, "a number");
  }
  const text = float32
    ? float32Text(values)
    : mostlyShort(values)
      ? numbersText(values)
      : negativeZeros.length > 0
        ? withNegativeZeros(plainArray(values), negativeZeros)
        : JSON.stringify(plainArray(values));
  return special ? { text, entities } : { text };
}

function float32Text(values: ArrayLike<unknown>): string {
  const parts = Array.from(values, (value) => {
    if (value === null) return "null";
    const wire = Math.fround(value as number);
    return wire - wire !== 0 ? "null" : shortestFloat32(wire);
  });
  return `[${parts.join(",")}]`;
}

/** The native writer for the runs between -0 cells, "-0" (as Go writes it) for those. */
function withNegativeZeros(values: unknown[], negativeZeros: readonly number[]): string {
  const pieces: string[] = [];
  let from = 0;
  for (const at of negativeZeros) {
    if (at > from) pieces.push(JSON.stringify(values.slice(from, at)).slice(1, -1));
    pieces.push("-0");
    from = at + 1;
  }
  if (from < values.length) pieces.push(JSON.stringify(values.slice(from)).slice(1, -1));
  return `[${pieces.join(",")}]`;
}

function addEntity(entities: Entities, value: number, index: number): void {
  const kind = Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "NegInf";
  const list = entities[kind];
  if (list === undefined) entities[kind] = [index];
  else list.push(index);
}
