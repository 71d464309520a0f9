/**
 * How each frame field type is written to and read from Arrow, in one table of codecs:
 * fixed-width numbers (and enums), booleans, times and, from strings.ts and json-cells.ts,
 * strings and json cells. Decoding takes one chunk per record batch, checked first.
 */
import {
  Binary,
  Bool,
  type Data,
  type DataType,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  TimestampNanosecond,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
} from "apache-arrow";
import type { Field, FieldType } from "../../model/frame.js";
import {
  cellNames,
  type FixedArray,
  type FixedArrayType,
  intRanges,
  type NumericType,
} from "../field-types.js";
import { HIGH, LOW, TWO32 } from "../int64-halves.js";
import { badValue, invalid } from "../invalid.js";
import { isNanos, normalizeTime, readNs, writeNs } from "../time-ns.js";
import {
  bitmapBytes,
  checkLength,
  chunksHaveNulls,
  clearBit,
  failedRow,
  getBit,
  isPresent,
  type LoopResult,
  nullsOf,
  setBit,
  validityFor,
  validityOf,
} from "./buffers.js";
import { decodeJsonCells, encodeJsonCells } from "./json-cells.js";
import { decodeText, encodeText, plainTextChunks } from "./strings.js";

/** The model-side column an Arrow codec decodes to. */
export interface DecodedColumn {
  readonly values: ArrayLike<unknown>;
  readonly nanos?: ArrayLike<number>;
}

/** How one frame field type is written to and read from Arrow. */
export interface ArrowCodec {
  /** The Arrow type the field type is written as. */
  arrowType(): DataType;
  /** Builds the column's Arrow data from a field already checked to hold `rows` values. */
  encode(field: Field, rows: number, where: string): Data;
  /** Reads the column from one Arrow data chunk per record batch. */
  decode(chunks: readonly Data[], rows: number, where: string): DecodedColumn;
}

type Cell = number | bigint;

/**
 * A fixed-width column (ints, floats, enums) held in `ArrayType` arrays. Cells that
 * `cells[type]` accepts go into a staging array that the engine converts: Float64 staging for
 * every type of at most 32 bits (exact for them all) keeps the loop they share at one store
 * kind; 64-bit types stage in their own array.
 */
function fixedCodec(type: NumericType, ArrayType: unknown, arrowType: () => DataType): ArrowCodec {
  const Typed = ArrayType as FixedArrayType;
  const big = type === "int64" || type === "uint64";
  const range: readonly [number, number] | undefined =
    type in intRanges ? intRanges[type as keyof typeof intRanges] : undefined;
  const what = cellNames[type];
  return {
    arrowType,
    encode(field, rows, where) {
      let data = field.values as FixedArray;
      let validity: Uint8Array | undefined;
      let nullCount = 0;
      // A typed array of the wire type already is the Arrow data buffer.
      if (!(data instanceof Typed)) {
        const values = field.values as ArrayLike<unknown>;
        validity = validityFor(field.nullable, rows);
        const staged = big ? new Typed(rows) : new Float64Array(rows);
        nullCount = big
          ? fillBigints(values, rows, validity, staged as BigIntArray, type === "int64")
          : range === undefined
            ? fillNumbers(values, rows, validity, staged as Float64Array, false, 0, 0)
            : fillNumbers(values, rows, validity, staged as Float64Array, true, ...range);
        const bad = failedRow(nullCount);
        if (bad >= 0) throw badValue(where, bad, values[bad], what);
        data = staged instanceof Typed ? staged : new Typed(staged as FixedArray);
      }
      return makeData({
        type: arrowType(),
        length: rows,
        data,
        ...nullsOf(validity, nullCount),
      } as never);
    },
    decode: (chunks, rows, where) => decodeFixed(chunks, rows, where, Typed),
  };
}

type BigIntArray = BigInt64Array | BigUint64Array;

/** Stores number cells (integers in [min, max] when `integer`) in `out`, as `cells` checks them. */
function fillNumbers(
  values: ArrayLike<unknown>,
  rows: number,
  validity: Uint8Array | undefined,
  out: Float64Array,
  integer: boolean,
  min: number,
  max: number,
): LoopResult {
  let nulls = 0;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (
      typeof value === "number" &&
      (!integer || (Number.isInteger(value) && value >= min && value <= max))
    ) {
      out[i] = value;
    } else if (value === null && validity !== undefined) {
      clearBit(validity, i);
      nulls += 1;
    } else return -i - 1;
  }
  return nulls;
}

/** Stores 64-bit cells in `out`: bigints in range, and safe integers as `cells` converts them. */
function fillBigints(
  values: ArrayLike<unknown>,
  rows: number,
  validity: Uint8Array | undefined,
  out: BigIntArray,
  signed: boolean,
): LoopResult {
  // Number cells go in as two 32-bit halves: no BigInt made per cell.
  const halves = new Uint32Array(out.buffer, out.byteOffset, rows * 2);
  let nulls = 0;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value === "bigint" && fits64(value, signed)) out[i] = value;
    else if (typeof value === "number" && Number.isSafeInteger(value) && (signed || value >= 0)) {
      const high = Math.floor(value / TWO32);
      halves[2 * i + LOW] = value - high * TWO32;
      halves[2 * i + HIGH] = high; // a negative high half wraps to its two's complement
    } else if (value === null && validity !== undefined) {
      clearBit(validity, i);
      nulls += 1;
    } else return -i - 1;
  }
  return nulls;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// Comparisons allocate nothing; asIntN/asUintN would make a BigInt per cell.
function fits64(value: bigint, signed: boolean): boolean {
  return signed ? value >= INT64_MIN && value <= INT64_MAX : value >= 0n && value <= UINT64_MAX;
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
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    at = readNullable(out, at, views[c]!, validityOf(chunk, where), chunk.offset, chunk.length);
  }
  return { values: out };
}

/** Copies `length` cells to out[at..], null where the validity bit (from `bit`) is clear. */
function readNullable(
  out: (Cell | null)[],
  at: number,
  view: FixedArray,
  bitmap: Uint8Array | undefined,
  bit: number,
  length: number,
): number {
  for (let i = 0; i < length; i++, at++, bit++) {
    out[at] = isPresent(bitmap, bit) ? view[i]! : null;
  }
  return at;
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

/** Booleans as an Arrow Bool bitmap. */
const boolCodec: ArrowCodec = {
  arrowType: () => new Bool(),
  encode(field, rows, where) {
    const values = field.values as ArrayLike<unknown>;
    const bits = new Uint8Array(bitmapBytes(rows));
    const validity = validityFor(field.nullable, rows);
    const nullCount = writeBools(values, rows, validity, bits);
    const bad = failedRow(nullCount);
    if (bad >= 0) throw badValue(where, bad, values[bad], "a boolean");
    return makeData({
      type: new Bool(),
      length: rows,
      data: bits,
      ...nullsOf(validity, nullCount),
    } as never);
  },
  decode: decodeBools,
};

function writeBools(
  values: ArrayLike<unknown>,
  rows: number,
  validity: Uint8Array | undefined,
  bits: Uint8Array,
): LoopResult {
  let nulls = 0;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (value === true) setBit(bits, i);
    else if (value === null && validity !== undefined) {
      clearBit(validity, i);
      nulls += 1;
    } else if (value !== false) return -i - 1;
  }
  return nulls;
}

function decodeBools(chunks: readonly Data[], rows: number, where: string): DecodedColumn {
  const out: (boolean | null)[] = new Array(rows);
  let at = 0;
  for (const chunk of chunks) {
    const bits = chunk.values as Uint8Array;
    // Bool data is not pre-sliced by apache-arrow: bit positions include the chunk offset.
    checkLength(bits.length, bitmapBytes(chunk.offset + chunk.length), where);
    at = readBools(out, at, bits, validityOf(chunk, where), chunk.offset, chunk.length);
  }
  return { values: out };
}

function readBools(
  out: (boolean | null)[],
  at: number,
  bits: Uint8Array,
  bitmap: Uint8Array | undefined,
  bit: number,
  length: number,
): number {
  for (let end = bit + length; bit < end; bit++, at++) {
    out[at] = isPresent(bitmap, bit) ? getBit(bits, bit) : null;
  }
  return at;
}

/** Time as Timestamp(NANOSECOND) of epoch ms * 1e6 + nanos, written exactly as two int32 words. */
const timeCodec: ArrowCodec = {
  arrowType: () => new TimestampNanosecond(),
  encode(field, rows, where) {
    const values = field.values as ArrayLike<unknown>;
    const words = new Int32Array(rows * 2);
    const validity = validityFor(field.nullable, rows);
    const nullCount = writeTimes(values, field.nanos, rows, validity, words);
    const bad = failedRow(nullCount);
    if (bad >= 0) throw timeError(where, bad, values[bad], field.nanos?.[bad] ?? 0);
    return makeData({
      type: new TimestampNanosecond(),
      length: rows,
      data: new BigInt64Array(words.buffer),
      ...nullsOf(validity, nullCount),
    } as never);
  },
  decode: decodeTimes,
};

function writeTimes(
  values: ArrayLike<unknown>,
  nanos: ArrayLike<number> | undefined,
  rows: number,
  validity: Uint8Array | undefined,
  words: Int32Array,
): LoopResult {
  let nulls = 0;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      if (value !== null || validity === undefined) return -i - 1;
      clearBit(validity, i);
      nulls += 1;
      continue;
    }
    const ns = nanos === undefined ? 0 : nanos[i]!;
    if (!isNanos(ns)) return -i - 1;
    const written = Number.isInteger(value)
      ? writeNs(words, i, value, ns)
      : writeNs(words, i, ...normalizeTime(value, ns));
    if (!written) return -i - 1;
  }
  return nulls;
}

/** Why a time cell could not be written. */
function timeError(where: string, row: number, value: unknown, ns: number): Error {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return badValue(where, row, value, "a time (epoch milliseconds)");
  }
  if (!isNanos(ns)) return invalid(`${where} row ${row}: nanos ${ns} is not an integer 0..999999`);
  return invalid(`${where} row ${row}: time ${value} ms is outside the int64 nanosecond range`);
}

// Every Timestamp is read as nanoseconds whatever its unit, as Grafana does: SDKs before
// v0.122 declared unit SECOND but wrote nanoseconds.
function decodeTimes(chunks: readonly Data[], rows: number, where: string): DecodedColumn {
  // Check before allocating: a garbled row count could ask for gigabytes.
  for (const chunk of chunks)
    checkLength((chunk.values as BigInt64Array).length, chunk.length, where);
  const ms = new Float64Array(rows);
  const nanos = new Int32Array(rows);
  const out: (number | null)[] | undefined = chunksHaveNulls(chunks, where)
    ? new Array(rows)
    : undefined;
  let at = 0;
  let anyNanos = false;
  for (const chunk of chunks) {
    const values = chunk.values as BigInt64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, chunk.length * 2);
    const bitmap = validityOf(chunk, where);
    if (readTimes(words, ms, nanos, at, out, bitmap, chunk.offset, chunk.length)) anyNanos = true;
    at += chunk.length;
  }
  const values = out ?? ms;
  return anyNanos ? { values, nanos } : { values };
}

/** Reads `length` times into ms/nanos (and out, when given) from `at`; whether any has nanos. */
function readTimes(
  words: Int32Array,
  ms: Float64Array,
  nanos: Int32Array,
  at: number,
  out: (number | null)[] | undefined,
  bitmap: Uint8Array | undefined,
  bit: number,
  length: number,
): boolean {
  let anyNanos = false;
  for (let i = 0; i < length; i++, at++, bit++) {
    const valid = isPresent(bitmap, bit);
    if (valid) readNs(words, i, ms, nanos, at);
    if (valid && nanos[at] !== 0) anyNanos = true;
    if (out !== undefined) out[at] = valid ? ms[at]! : null;
  }
  return anyNanos;
}

/** Strings written as Utf8 (never Dictionary, LargeUtf8 or Utf8View: SDK readers reject them). */
const stringCodec: ArrowCodec = {
  arrowType: () => new Utf8(),
  encode: (field, rows, where) =>
    encodeText(field, rows, new Utf8(), (value, i) => {
      if (typeof value === "string") return value;
      throw badValue(where, i, value, "a string");
    }),
  decode: (chunks, rows, where) => ({
    values: decodeText(plainTextChunks(chunks, where), rows, where),
  }),
};

/**
 * JSON values as Binary holding their UTF-8 JSON text (Go's json.RawMessage); integers a
 * double cannot hold are bigint cells, written digit for digit.
 */
const jsonCodec: ArrowCodec = {
  arrowType: () => new Binary(),
  encode: encodeJsonCells,
  decode: (chunks, rows, where) => ({ values: decodeJsonCells(chunks, rows, where) }),
};

/** The Arrow codec of every frame field type. */
export const arrowCodecs: Readonly<Record<FieldType, ArrowCodec>> = {
  time: timeCodec,
  int8: fixedCodec("int8", Int8Array, () => new Int8()),
  int16: fixedCodec("int16", Int16Array, () => new Int16()),
  int32: fixedCodec("int32", Int32Array, () => new Int32()),
  int64: fixedCodec("int64", BigInt64Array, () => new Int64()),
  uint8: fixedCodec("uint8", Uint8Array, () => new Uint8()),
  uint16: fixedCodec("uint16", Uint16Array, () => new Uint16()),
  uint32: fixedCodec("uint32", Uint32Array, () => new Uint32()),
  uint64: fixedCodec("uint64", BigUint64Array, () => new Uint64()),
  float32: fixedCodec("float32", Float32Array, () => new Float32()),
  float64: fixedCodec("float64", Float64Array, () => new Float64()),
  string: stringCodec,
  bool: boolCodec,
  json: jsonCodec,
  // Enums are uint16 indexes into config.type.enum.text; tstype "enum" tells them apart.
  enum: fixedCodec("enum", Uint16Array, () => new Uint16()),
};
