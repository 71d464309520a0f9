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
  cells,
  type FixedArray,
  type FixedArrayType,
  type NumericType,
  type ToCell,
} from "../field-types.js";
import { badValue, invalid } from "../invalid.js";
import { isNanos, normalizeTime, readNs, writeNs } from "../time-ns.js";
import {
  bitmapBytes,
  checkLength,
  chunksHaveNulls,
  getBit,
  isPresent,
  NullTracker,
  setBit,
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
 * A fixed-width column (ints, floats, enums) held in `ArrayType` arrays. Cells checked by
 * `cells[type]` go into a staging array that the engine converts: Float64 staging for every
 * type of at most 32 bits (exact for them all) keeps the loop they share at one store kind;
 * 64-bit types stage in their own array.
 */
function fixedCodec(type: NumericType, ArrayType: unknown, arrowType: () => DataType): ArrowCodec {
  const Typed = ArrayType as FixedArrayType;
  const Staging = type === "int64" || type === "uint64" ? Typed : (Float64Array as FixedArrayType);
  const toCell = cells[type];
  const what = cellNames[type];
  return {
    arrowType,
    encode(field, rows, where) {
      let data = field.values as FixedArray;
      let nulls: NullTracker | undefined;
      // A typed array of the wire type already is the Arrow data buffer.
      if (!(data instanceof Typed)) {
        const staged = new Staging(rows);
        nulls = fillCells(field, rows, where, what, staged, toCell);
        data = Staging === Typed ? staged : new Typed(staged);
      }
      return makeData({
        type: arrowType(),
        length: rows,
        data,
        nullBitmap: nulls?.result(),
        nullCount: nulls?.nullCount ?? 0,
      } as never);
    },
    decode: (chunks, rows, where) => decodeFixed(chunks, rows, where, Typed),
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

/** Booleans as an Arrow Bool bitmap. */
const boolCodec: ArrowCodec = {
  arrowType: () => new Bool(),
  encode(field, rows, where) {
    const values = field.values as ArrayLike<unknown>;
    const bits = new Uint8Array(bitmapBytes(rows));
    const nulls = new NullTracker(rows);
    for (let i = 0; i < rows; i++) {
      const value = values[i];
      if (value === true) setBit(bits, i);
      else if (value === null && field.nullable) nulls.markNull(i);
      else if (value !== false) throw badValue(where, i, value, "a boolean");
    }
    return makeData({
      type: new Bool(),
      length: rows,
      nullCount: nulls.nullCount,
      nullBitmap: nulls.result(),
      data: bits,
    } as never);
  },
  decode: decodeBools,
};

function decodeBools(chunks: readonly Data[], rows: number, where: string): DecodedColumn {
  const out: (boolean | null)[] = new Array(rows);
  let at = 0;
  for (const chunk of chunks) {
    const bits = chunk.values as Uint8Array;
    // Bool data is not pre-sliced by apache-arrow: bit positions include the chunk offset.
    checkLength(bits.length, bitmapBytes(chunk.offset + chunk.length), where);
    const bitmap = validityOf(chunk, where);
    for (let i = chunk.offset, end = i + chunk.length; i < end; i++, at++) {
      out[at] = isPresent(bitmap, i) ? getBit(bits, i) : null;
    }
  }
  return { values: out };
}

/** Time as Timestamp(NANOSECOND) of epoch ms * 1e6 + nanos, written exactly as two int32 words. */
const timeCodec: ArrowCodec = {
  arrowType: () => new TimestampNanosecond(),
  encode(field, rows, where) {
    const words = new Int32Array(rows * 2);
    const nulls = new NullTracker(rows);
    encodeTimes(field, rows, where, words, nulls);
    return makeData({
      type: new TimestampNanosecond(),
      length: rows,
      nullCount: nulls.nullCount,
      nullBitmap: nulls.result(),
      data: new BigInt64Array(words.buffer),
    } as never);
  },
  decode: decodeTimes,
};

function encodeTimes(
  field: Field,
  rows: number,
  where: string,
  words: Int32Array,
  nulls: NullTracker,
): void {
  const values = field.values as ArrayLike<unknown>;
  const nanos = field.nanos;
  for (let i = 0; i < rows; i++) {
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      if (value === null && field.nullable) nulls.markNull(i);
      else throw badValue(where, i, value, "a time (epoch milliseconds)");
      continue;
    }
    const ns = nanos === undefined ? 0 : nanos[i]!;
    if (!isNanos(ns)) throw invalid(`${where} row ${i}: nanos ${ns} is not an integer 0..999999`);
    const written = Number.isInteger(value)
      ? writeNs(words, i, value, ns)
      : writeNs(words, i, ...normalizeTime(value, ns));
    if (!written) {
      throw invalid(`${where} row ${i}: time ${value} ms is outside the int64 nanosecond range`);
    }
  }
}

// Every Timestamp is read as nanoseconds whatever its unit, as Grafana does: SDKs before
// v0.122 declared unit SECOND but wrote nanoseconds.
function decodeTimes(chunks: readonly Data[], rows: number, where: string): DecodedColumn {
  // Check before allocating: a garbled row count could ask for gigabytes.
  for (const chunk of chunks)
    checkLength((chunk.values as BigInt64Array).length, chunk.length, where);
  const ms = new Float64Array(rows);
  const nanos = new Int32Array(rows);
  const hasNulls = chunksHaveNulls(chunks, where);
  const out: (number | null)[] | undefined = hasNulls ? new Array(rows) : undefined;
  let at = 0;
  let anyNanos = false;
  for (const chunk of chunks) {
    const values = chunk.values as BigInt64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, chunk.length * 2);
    const bitmap = validityOf(chunk, where);
    for (let i = 0; i < chunk.length; i++, at++) {
      const valid = isPresent(bitmap, chunk.offset + i);
      if (valid) readNs(words, i, ms, nanos, at);
      if (valid && nanos[at] !== 0) anyNanos = true;
      if (out !== undefined) out[at] = valid ? ms[at]! : null;
    }
  }
  const values = out ?? ms;
  return anyNanos ? { values, nanos } : { values };
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
