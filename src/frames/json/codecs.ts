/**
 * How each frame field type is written to and read from frame JSON `data`, in one table of
 * codecs: integers and enums (64-bit ones with every digit), floats (NaN and ±Inf as null
 * plus `entities`), strings, booleans, json cells and times (epoch ms plus `nanos`).
 */

import { messageOf } from "../../errors.js";
import { narrowBigints, stringifyExact } from "../../exact-json.js";
import type { Field, FieldType } from "../../model/frame.js";
import {
  cellNames,
  cells,
  type FixedArrayType,
  floatCell,
  intRanges,
  type NumericType,
  type ToCell,
} from "../field-types.js";
import { badValue, invalid } from "../invalid.js";
import { fitsInt64Ns, isNanos, normalizeTime } from "../time-ns.js";
import {
  float32ColumnText,
  float64ColumnText,
  integerColumnText,
  numbersText,
} from "./go-numbers.js";
import {
  type ScannedCells,
  scanBooleans,
  scanFloats,
  scanInt64,
  scanIntegers,
} from "./text-cells.js";

/** NaN/±Inf positions of one float field (`entities[i]` in frame JSON). */
export interface Entities {
  NaN?: number[];
  Inf?: number[];
  NegInf?: number[];
}

export interface WrittenColumn {
  /** The column's JSON array text. */
  readonly text: string;
  readonly entities?: Entities;
  readonly nanos?: readonly number[];
}

/** What a column reader gets beside its values: this field's `entities` and `nanos` entries. */
export interface ColumnExtras {
  readonly entities: unknown;
  readonly nanos: unknown;
}

export interface ReadColumn {
  readonly values: ArrayLike<unknown>;
  readonly nanos?: ArrayLike<number>;
  /** Whether a null remained (nulls make a field nullable). */
  readonly hasNull: boolean;
}

/** How one frame field type is written to and read from frame JSON `data`. */
export interface JsonColumnCodec {
  write(field: Field, rows: number, where: string): WrittenColumn;
  read(raw: readonly unknown[], extras: ColumnExtras, where: string): ReadColumn;
  /**
   * Reads the cells of the column whose `[` is at `at` straight from the text (`rows` of
   * them when the frame's row count is known already), or undefined.
   */
  scan?(text: string, at: number, rows: number | undefined): ScannedCells<unknown> | undefined;
  /** What `read` makes of the same cells when they were scanned. */
  finish?(scanned: ScannedCells<unknown>, extras: ColumnExtras, where: string): ReadColumn;
}

/** Integers (8-64 bits) and enums: plain JSON numbers, 64-bit ones with every digit. */
function integerColumn(type: NumericType, ArrayType: unknown): JsonColumnCodec {
  const Typed = ArrayType as FixedArrayType;
  const toCell = cells[type];
  const what = cellNames[type];
  const wide = type === "int64" || type === "uint64";
  const [min, max] = narrowRanges[type] ?? [0, 0];
  const typed = intoTyped(Typed);
  return {
    // A typed array of the type itself needs no checks.
    write: (field, rows, where) => ({
      text: writeIntegers(field, rows, where, toCell, what, type, field.values instanceof Typed),
    }),
    read(raw, extras, where) {
      noExtras(extras, where);
      return withNulls(readCells(raw, toCell, Typed, tooBig(what), where));
    },
    scan: wide
      ? (text, at, rows) => scanInt64(text, at, rows, type === "int64")
      : (text, at, rows) => typed(scanIntegers(text, at, rows, min, max)),
    finish(scanned, extras, where) {
      noExtras(extras, where);
      return withNulls(scanned as Cells);
    },
  };
}

/**
 * Scanned cells copied into `Typed`, by a closure of its own: one construct site per array
 * type, where a shared one would deopt the scanner inlined beside it at each new type.
 */
function intoTyped(
  Typed: FixedArrayType,
): (scanned: ScannedCells<Float64Array> | undefined) => ScannedCells<unknown> | undefined {
  if ((Typed as unknown) === Float64Array) return (scanned) => scanned;
  const Narrow = Typed as Float64ArrayConstructor;
  return (scanned) => scanned && { ...scanned, out: new Narrow(scanned.out) };
}

/** The ranges of the integer types read as numbers; 64-bit ones have none here. */
const narrowRanges: Partial<Record<NumericType, readonly [number, number]>> = intRanges;

function tooBig(what: string): string {
  return what.includes("64") ? `${what}; pass JSON text to keep 64-bit integers exact` : what;
}

/** An integer column's JSON text; 64-bit cells (bigint) are written digit for digit. */
function writeIntegers(
  field: Field,
  rows: number,
  where: string,
  toCell: ToCell<number | bigint>,
  what: string,
  type: NumericType,
  checked: boolean,
): string {
  const values = field.values as ArrayLike<unknown>;
  for (let i = 0; i < rows && !checked; i++) {
    const value = values[i];
    if (toCell(value) === undefined && (value !== null || !field.nullable)) {
      throw badValue(where, i, value, what);
    }
  }
  return integerColumnText(values, type !== "uint64");
}

/** Floats: NaN and ±Inf are written as null and listed in the field's entities. */
function floatColumn(type: "float32" | "float64", ArrayType: unknown): JsonColumnCodec {
  const Typed = ArrayType as FixedArrayType;
  const typed = intoTyped(Typed);
  const withEntities = (read: Cells, extras: ColumnExtras, where: string) => {
    noNanos(extras, where);
    const nulls = applyEntities(read.out, read.nulls, extras.entities, where);
    return withNulls({ out: read.out, nulls });
  };
  return {
    write: (field, rows, where) => writeFloats(field, rows, where, type === "float32"),
    read: (raw, extras, where) =>
      withEntities(readCells(raw, jsonFloatCell, Typed, FLOAT_IN_JSON, where), extras, where),
    scan: (text, at, rows) => typed(scanFloats(text, at, rows)),
    finish: (scanned, extras, where) => withEntities(scanned as Cells, extras, where),
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

/** A float column's JSON text: NaN and ±Inf become null and are listed in the entities. */
function writeFloats(field: Field, rows: number, where: string, float32: boolean): WrittenColumn {
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
  const text = float32 ? float32ColumnText(values) : float64ColumnText(values, negativeZeros);
  return special ? { text, entities } : { text };
}

function addEntity(entities: Entities, value: number, index: number): void {
  const kind = Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "NegInf";
  const list = entities[kind];
  if (list === undefined) entities[kind] = [index];
  else list.push(index);
}

/** A column of JSON scalars of one JavaScript type (strings, booleans). */
function scalarColumn(jsType: "string" | "boolean", what: string): JsonColumnCodec {
  return {
    write(field, rows, where) {
      checkScalars(field, rows, where, jsType, what);
      // Checked cells are strings/booleans/null only: the native stringify writes them all.
      return { text: JSON.stringify(rowsArray(field.values, rows)) };
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

/** The first `rows` cells as a real array, the values themselves when they are one. */
function rowsArray(values: ArrayLike<unknown>, rows: number): unknown[] {
  return Array.isArray(values) && values.length === rows
    ? values
    : Array.prototype.slice.call(values, 0, rows);
}

function checkScalars(field: Field, rows: number, where: string, jsType: string, what: string) {
  const values = field.values as ArrayLike<unknown>;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value === jsType) continue;
    if (value !== null || !field.nullable) throw badValue(where, i, value, what);
  }
}

const stringColumn = scalarColumn("string", "a string");
const boolColumn: JsonColumnCodec = {
  ...scalarColumn("boolean", "a boolean"),
  scan: scanBooleans,
  finish(scanned, extras, where) {
    noExtras(extras, where);
    return { values: scanned.out as ArrayLike<unknown>, hasNull: scanned.nulls.length > 0 };
  },
};

/**
 * json.RawMessage cells: any JSON value, written inline (null for a nil message); integers a
 * double cannot hold stay bigint, as the frame JSON reader gave them.
 */
const jsonColumn: JsonColumnCodec = {
  write(field, rows, where) {
    const values = rowsArray(field.values, rows);
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

const NS_PER_MS = 1e6;

/** Time as epoch ms, the sub-millisecond rest in the field's `nanos` (only when any is set). */
const timeColumn: JsonColumnCodec = {
  write: writeTimes,
  read(raw, extras, where) {
    noEntities(extras, where);
    return readTimes(raw, nanosOf(extras, raw.length, where), where);
  },
  scan: scanFloats,
  finish(scanned, extras, where) {
    noEntities(extras, where);
    const cells = withNulls(scanned as Cells);
    const ms = scanned.out as Float64Array;
    const withoutNanos = extras.nanos === null || extras.nanos === undefined;
    if (withoutNanos && wholeMilliseconds(ms, ms.length, false)) return cells; // the common case
    const raw = Array.from(cells.values);
    return readTimes(raw, nanosOf(extras, raw.length, where), where);
  },
};

// Whole milliseconds in this range fit int64 nanoseconds whatever their nanos.
const SAFE_MS = 9223372036853;

function writeTimes(field: Field, rows: number, where: string): WrittenColumn {
  const values = field.values as ArrayLike<unknown>;
  if (field.nanos === undefined && wholeMilliseconds(values, rows, field.nullable)) {
    return { text: numbersText(values) }; // the common case: whole milliseconds, no nanos
  }
  const parts: unknown[] = new Array(rows);
  let nanos: number[] | undefined;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      if (value === null && field.nullable) parts[i] = "null";
      else throw badValue(where, i, value, "a time (epoch milliseconds)");
      continue;
    }
    const ns = field.nanos === undefined ? 0 : field.nanos[i]!;
    if (!isNanos(ns)) throw invalid(`${where} row ${i}: nanos ${ns} is not an integer 0..999999`);
    const [ms, rest] = Number.isInteger(value) ? [value, ns] : normalizeTime(value, ns);
    if (!fitsInt64Ns(ms, rest)) {
      throw invalid(`${where} row ${i}: time ${value} ms is outside the int64 nanosecond range`);
    }
    parts[i] = ms;
    if (rest !== 0) {
      nanos ??= new Array<number>(rows).fill(0);
      nanos[i] = rest;
    }
  }
  const text = `[${parts.join(",")}]`;
  return nanos === undefined ? { text } : { text, nanos };
}

function wholeMilliseconds(values: ArrayLike<unknown>, rows: number, nullable: boolean): boolean {
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value === "number") {
      if (!Number.isInteger(value) || value > SAFE_MS || value < -SAFE_MS) return false;
    } else if (value !== null || !nullable) return false;
  }
  return true;
}

function nanosOf(
  extras: ColumnExtras,
  rows: number,
  where: string,
): readonly unknown[] | undefined {
  const nanos = extras.nanos;
  if (nanos === null || nanos === undefined) return undefined;
  if (!Array.isArray(nanos) || nanos.length !== rows) {
    throw invalid(`frame JSON ${where}: nanos must be null or an array of ${rows} integers`);
  }
  return nanos;
}

function readTimes(
  raw: readonly unknown[],
  extraNanos: readonly unknown[] | undefined,
  where: string,
): ReadColumn {
  const ms = new Float64Array(raw.length);
  const nanos = new Int32Array(raw.length);
  let out: (number | null)[] | undefined;
  let anyNanos = false;
  for (let i = 0; i < raw.length; i++) {
    const value = raw[i];
    const extra = extraNanos === undefined ? 0 : extraNanos[i];
    if (typeof extra !== "number" || !Number.isInteger(extra)) {
      throw invalid(`frame JSON ${where}: nanos[${i}] is not an integer`);
    }
    if (value === null) {
      out ??= Array.from(ms.subarray(0, i));
      out[i] = null;
      continue;
    }
    if (
      extra === 0 &&
      Number.isInteger(value) &&
      (value as number) <= SAFE_MS &&
      (value as number) >= -SAFE_MS
    ) {
      ms[i] = value as number; // the common case: whole milliseconds, no nanos
      if (out !== undefined) out[i] = value as number;
      continue;
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw badValue(`frame JSON ${where}`, i, value, "a time (epoch milliseconds)");
    }
    // Go adds nanos to the time, so any integer carries into the milliseconds.
    const carry = Math.floor(extra / NS_PER_MS);
    const [whole, rest] = normalizeTime(value + carry, extra - carry * NS_PER_MS);
    if (!fitsInt64Ns(whole, rest)) {
      throw invalid(
        `frame JSON ${where} row ${i}: time ${value} is outside the int64 nanosecond range`,
      );
    }
    ms[i] = whole;
    nanos[i] = rest;
    if (rest !== 0) anyNanos = true;
    if (out !== undefined) out[i] = whole;
  }
  const values = out ?? ms;
  return anyNanos
    ? { values, nanos, hasNull: out !== undefined }
    : { values, hasNull: out !== undefined };
}

type Cell = number | bigint;

interface Cells {
  readonly out: { [index: number]: Cell; readonly length: number };
  readonly nulls: number[];
}

/** Reads raw JSON cells into a typed array, remembering where nulls were. */
function readCells(
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
function withNulls(cells: Cells): { values: ArrayLike<unknown>; hasNull: boolean } {
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

function noEntities(extras: ColumnExtras, where: string): void {
  if (extras.entities !== null && extras.entities !== undefined) {
    throw invalid(`frame JSON ${where}: entities are only allowed for float fields`);
  }
}

function noNanos(extras: ColumnExtras, where: string): void {
  if (extras.nanos !== null && extras.nanos !== undefined) {
    throw invalid(`frame JSON ${where}: nanos are only allowed for time fields`);
  }
}

/** Fails when a field type that has neither entities nor nanos gets them. */
function noExtras(extras: ColumnExtras, where: string): void {
  noEntities(extras, where);
  noNanos(extras, where);
}

/** The frame-JSON column codec of every frame field type. */
export const jsonColumns: Readonly<Record<FieldType, JsonColumnCodec>> = {
  time: timeColumn,
  int8: integerColumn("int8", Int8Array),
  int16: integerColumn("int16", Int16Array),
  int32: integerColumn("int32", Int32Array),
  int64: integerColumn("int64", BigInt64Array),
  uint8: integerColumn("uint8", Uint8Array),
  uint16: integerColumn("uint16", Uint16Array),
  uint32: integerColumn("uint32", Uint32Array),
  uint64: integerColumn("uint64", BigUint64Array),
  float32: floatColumn("float32", Float32Array),
  float64: floatColumn("float64", Float64Array),
  string: stringColumn,
  bool: boolColumn,
  json: jsonColumn,
  enum: integerColumn("enum", Uint16Array),
};
