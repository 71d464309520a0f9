import { narrowBigints, stringifyExact } from "../exact-json.js";
import type { Field } from "../model/frame.js";
import { badValue } from "./bad-value.js";
import { invalid, messageOf } from "./invalid.js";
import { noExtras } from "./json-cells.js";
import type { JsonColumnCodec, ReadColumn } from "./json-column.js";

/** A column of JSON scalars of one JavaScript type (strings, booleans). */
function scalarColumn(jsType: "string" | "boolean", what: string): JsonColumnCodec {
  return {
    write(field, rows, where) {
      checkScalars(field, rows, where, jsType, what);
      // Checked cells are strings/booleans/null only: the native stringify writes them all.
      return { text: JSON.stringify(Array.prototype.slice.call(field.values, 0, rows)) };
    },
    read(raw, extras, where) {
      noExtras(extras, where);
      let hasNull = false;
      for (let i = 0; i < raw.length; i++) {
        const value = raw[i];
        if (value === null) hasNull = true;
        else if (typeof value !== jsType) throw badValue(`frame JSON ${where}`, i, value, what);
      }
      return { values: raw, hasNull };
    },
  };
}

function checkScalars(field: Field, rows: number, where: string, jsType: string, what: string) {
  const values = field.values as ArrayLike<unknown>;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value === jsType) continue;
    if (value !== null || !field.nullable) throw badValue(where, i, value, what);
  }
}

export const stringColumn = scalarColumn("string", "a string");
export const boolColumn = scalarColumn("boolean", "a boolean");

/**
 * json.RawMessage cells: any JSON value, written inline (null for a nil message); integers a
 * double cannot hold stay bigint, as the frame JSON reader gave them.
 */
export const jsonColumn: JsonColumnCodec = {
  write(field, rows, where) {
    const values: unknown[] = Array.prototype.slice.call(field.values, 0, rows);
    values.forEach((value, i) => {
      // stringify would quietly turn these into null inside an array.
      const kind = typeof value;
      if (kind === "undefined" || kind === "function" || kind === "symbol") {
        throw badValue(where, i, value, "a JSON value");
      }
    });
    try {
      return { text: stringifyExact(values) as string };
    } catch (thrown) {
      throw invalid(`${where}: value cannot be written as JSON: ${messageOf(thrown)}`);
    }
  },
  read(raw, extras, where): ReadColumn {
    noExtras(extras, where);
    return { values: raw.map(narrowBigints), hasNull: false };
  },
};
