import type { Field } from "../model/frame.js";
import type { FixedArrayType } from "./arrow-codec-fixed.js";
import { badValue } from "./bad-value.js";
import { cellNames, cells, floatCell, type NumericType } from "./cells.js";
import { invalid } from "./invalid.js";
import { arrayText, noExtras, noNanos, readCells, withNulls } from "./json-cells.js";
import type { Entities, JsonColumnCodec, WrittenColumn } from "./json-column.js";
import { float32Text, float64Text, needsCare } from "./number-text.js";

/** Integers (8-64 bits) and enums: plain JSON numbers, 64-bit ones with every digit. */
export function integerColumn(type: NumericType, ArrayType: unknown): JsonColumnCodec {
  const Typed = ArrayType as FixedArrayType;
  const toCell = cells[type];
  const what = cellNames[type];
  return {
    write(field, rows, where) {
      // A typed array of the type itself needs no checks; join writes bigints without "n".
      if (field.values instanceof Typed) return { text: arrayText(field.values as never) };
      const parts: unknown[] = new Array(rows);
      for (let i = 0; i < rows; i++)
        parts[i] = cellOrNull(field, i, toCell(field.values[i]), what, where);
      return { text: arrayText(parts) };
    },
    read(raw, extras, where) {
      noExtras(extras, where);
      return withNulls(readCells(raw, toCell, Typed, tooBig(what), where));
    },
  };
}

function cellOrNull(field: Field, i: number, cell: unknown, what: string, where: string): unknown {
  if (cell !== undefined) return cell;
  const value = field.values[i];
  if (value === null && field.nullable) return "null";
  throw badValue(where, i, value, what);
}

function tooBig(what: string): string {
  return what.includes("64") ? `${what}; pass JSON text to keep 64-bit integers exact` : what;
}

/** Floats: NaN and ±Inf are written as null and listed in the field's entities. */
export function floatColumn(type: "float32" | "float64", ArrayType: unknown): JsonColumnCodec {
  const Typed = ArrayType as FixedArrayType;
  const text = type === "float32" ? float32Text : float64Text;
  const round = type === "float32" ? Math.fround : (value: number) => value;
  return {
    write: (field, rows, where) => writeFloats(field, rows, where, text, round, Typed),
    read(raw, extras, where) {
      noNanos(extras, where);
      const read = readCells(raw, jsonFloatCell, Typed, FLOAT_IN_JSON, where);
      const nulls = applyEntities(read.out, read.nulls, extras.entities, where);
      return withNulls({ out: read.out, nulls });
    },
  };
}

function writeFloats(
  field: Field,
  rows: number,
  where: string,
  text: (value: number) => string,
  round: (value: number) => number,
  Typed: FixedArrayType,
): WrittenColumn {
  const values = field.values as ArrayLike<unknown>;
  if (
    values instanceof Float64Array &&
    Typed === (Float64Array as unknown) &&
    !values.some(needsCare)
  ) {
    return { text: arrayText(values) }; // the hot path: one native join
  }
  const parts: string[] = new Array(rows);
  const entities: Entities = {};
  let special = false;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value !== "number") {
      parts[i] = String(cellOrNull(field, i, undefined, "a number", where));
      continue;
    }
    const wire = round(value);
    const kind = entityOf(wire);
    if (kind === undefined) parts[i] = text(wire);
    else {
      parts[i] = "null";
      const list = entities[kind];
      if (list === undefined) entities[kind] = [i];
      else list.push(i);
      special = true;
    }
  }
  return special ? { text: arrayText(parts), entities } : { text: arrayText(parts) };
}

function entityOf(value: number): keyof Entities | undefined {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Inf";
  return value === -Infinity ? "NegInf" : undefined;
}

// Integral floats of 16+ digits parse as bigint; they came from doubles, so Number() is exact.
const jsonFloatCell = (value: unknown) =>
  typeof value === "bigint" ? Number(value) : floatCell(value);

const FLOAT_IN_JSON = "a number (NaN and ±Inf travel as null plus data.entities)";

const ENTITY_VALUES: Readonly<Record<string, number>> = { NaN, Inf: Infinity, NegInf: -Infinity };

/** Puts NaN/±Inf back at their indexes; returns the nulls that remain. */
function applyEntities(
  out: { [index: number]: number | bigint; readonly length: number },
  nulls: number[],
  entities: unknown,
  where: string,
): number[] {
  if (entities === null || entities === undefined) return nulls;
  if (typeof entities !== "object" || Array.isArray(entities)) {
    throw invalid(`frame JSON ${where}: entities must be an object or null`);
  }
  const filled = new Set<number>();
  for (const [key, indexes] of Object.entries(entities)) {
    if (key === "Undef") continue; // the frontend's "undefined" marker: the value stays null
    const value = ENTITY_VALUES[key];
    if (value === undefined || !Array.isArray(indexes)) {
      throw invalid(
        `frame JSON ${where}: unknown entity ${JSON.stringify(key)} (NaN, Inf, NegInf)`,
      );
    }
    for (const index of indexes) {
      if (!Number.isInteger(index) || index < 0 || index >= out.length) {
        throw invalid(`frame JSON ${where}: entity ${key} index ${String(index)} out of range`);
      }
      out[index] = value;
      filled.add(index);
    }
  }
  return filled.size === 0 ? nulls : nulls.filter((i) => !filled.has(i));
}
