/**
 * Reading frame cells for legacy: per field type, the series value (numeric fields) and the
 * table cell. A cell of the wrong JavaScript type is bad input, named by its position.
 */
import type { FieldType } from "../model/frame.js";
import type { Cell } from "../model/legacy.js";
import { badInput, describe } from "./bad-input.js";
import { jsonText } from "./json-text.js";
import { fitsInt64, rowValueFromJSON } from "./legacy-cells.js";

/** Counts, per kind of loss, how many cells of one field it hit. */
export class Tally {
  readonly counts = new Map<string, number>();

  add(loss: string): void {
    this.counts.set(loss, (this.counts.get(loss) ?? 0) + 1);
  }

  /** One line per kind of loss: `3 uint64 values beyond int64 written as text`. */
  lines(): string[] {
    return [...this.counts].map(([loss, count]) => `${count} ${loss}`);
  }
}

function expect<T>(ok: boolean, value: T, at: string, what: string): T {
  if (!ok) throw badInput(at, `${describe(value)} is not ${what}`);
  return value;
}

const asNumber = (v: unknown, at: string) =>
  expect(typeof v === "number", v as number, at, "a number");
const asInteger = (v: unknown, at: string) =>
  expect(Number.isInteger(v), v as number, at, "an integer");

function asBig(v: unknown, at: string): bigint {
  if (typeof v === "bigint") return v;
  return BigInt(expect(Number.isSafeInteger(v), v as number, at, "a 64-bit integer (bigint)"));
}

/** A numeric cell as a double; a 64-bit integer that a double cannot hold is tallied. */
export function seriesValueOf(value: unknown, at: string, tally: Tally): number {
  if (typeof value === "number") return value;
  if (typeof value !== "bigint") throw badInput(at, `${describe(value)} is not a number`);
  const double = Number(value);
  if (BigInt(double) !== value)
    tally.add("64-bit integers beyond 2^53 rounded to the nearest double");
  return double;
}

type ToCell = (value: unknown, at: string, tally: Tally) => Cell;

const integerCell: ToCell = (v, at) => BigInt(asInteger(v, at));

export const tableCells: Readonly<Record<FieldType, ToCell>> = {
  time: asNumber,
  int8: integerCell,
  int16: integerCell,
  int32: integerCell,
  int64: (v, at) => asBig(v, at),
  uint8: integerCell,
  uint16: integerCell,
  uint32: integerCell,
  uint64: (v, at, tally) => bigCell(asBig(v, at), tally),
  float32: asNumber,
  float64: asNumber,
  string: (v, at) => expect(typeof v === "string", v as string, at, "a string"),
  bool: (v, at) => expect(typeof v === "boolean", v as boolean, at, "a boolean"),
  json: jsonCell,
  enum: asInteger,
};

// Protocol 1 has int64 cells only: larger unsigned values keep their digits as text.
function bigCell(value: bigint, tally: Tally): Cell {
  if (fitsInt64(value)) return value;
  tally.add("integers beyond int64 written as decimal text");
  return value.toString();
}

/** RowValue objects become their cell, JSON scalars stay, objects and arrays become JSON text. */
function jsonCell(value: unknown, _at: string, tally: Tally): Cell {
  const cell = rowValueFromJSON(value);
  if (cell !== undefined) return cell;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "bigint":
      return bigCell(value, tally);
    default:
      if (value === null || value === undefined) return null;
      tally.add("JSON objects or arrays written as JSON text");
      return jsonText(value);
  }
}
