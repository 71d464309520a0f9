import type { FixedArrayType } from "./arrow-codec-fixed.js";
import { cellNames, cells, floatCell, type NumericType } from "./cells.js";
import { invalid } from "./invalid.js";
import { noExtras, noNanos, readCells, withNulls } from "./json-cells.js";
import type { JsonColumnCodec } from "./json-column.js";
import { integersFromText } from "./json-text-integers.js";
import { writeFloats, writeIntegers } from "./json-write-numbers.js";

/** Integers (8-64 bits) and enums: plain JSON numbers, 64-bit ones with every digit. */
export function integerColumn(type: NumericType, ArrayType: unknown): JsonColumnCodec {
  const Typed = ArrayType as FixedArrayType;
  const toCell = cells[type];
  const what = cellNames[type];
  const wide = type === "int64" || type === "uint64";
  const codec: JsonColumnCodec = {
    // A typed array of the type itself needs no checks.
    write: (field, rows, where) => ({
      text: writeIntegers(field, rows, where, toCell, what, wide, field.values instanceof Typed),
    }),
    read(raw, extras, where) {
      noExtras(extras, where);
      return withNulls(readCells(raw, toCell, Typed, tooBig(what), where));
    },
  };
  if (!wide) return codec;
  return {
    ...codec,
    readText(source, parsed, extras, where) {
      noExtras(extras, where);
      const read = integersFromText(source.text, source.start, parsed, type === "int64");
      return read && withNulls({ out: read.cells, nulls: read.nulls });
    },
  };
}

function tooBig(what: string): string {
  return what.includes("64") ? `${what}; pass JSON text to keep 64-bit integers exact` : what;
}

/** Floats: NaN and ±Inf are written as null and listed in the field's entities. */
export function floatColumn(type: "float32" | "float64", ArrayType: unknown): JsonColumnCodec {
  const Typed = ArrayType as FixedArrayType;
  return {
    parsedIsExact: true,
    write: (field, rows, where) => writeFloats(field, rows, where, type === "float32"),
    read(raw, extras, where) {
      noNanos(extras, where);
      const read = readCells(raw, jsonFloatCell, Typed, FLOAT_IN_JSON, where);
      const nulls = applyEntities(read.out, read.nulls, extras.entities, where);
      return withNulls({ out: read.out, nulls });
    },
  };
}

// Integral floats of 16+ digits parse as bigint; Number() rounds them as JSON.parse does.
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
