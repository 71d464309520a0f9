import {
  type DataType,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
} from "apache-arrow";
import type { FieldType } from "../model/frame.js";
import type { ArrowCodec } from "./arrow-codec.js";
import { jsonCodec, stringCodec } from "./arrow-codec-binary.js";
import { boolCodec } from "./arrow-codec-bool.js";
import { fixedCodec } from "./arrow-codec-fixed.js";
import { timeCodec } from "./arrow-codec-time.js";
import { type FixedArrayType, fixedEncoder } from "./arrow-fixed-encode.js";
import { cellNames, cells, type NumericType } from "./cells.js";

function fixed(type: NumericType, ArrayType: unknown, arrowType: () => DataType): ArrowCodec {
  const Typed = ArrayType as FixedArrayType;
  const Staging = type === "int64" || type === "uint64" ? Typed : Float64Array;
  const encode = fixedEncoder(Typed, Staging as FixedArrayType, cells[type], cellNames[type]);
  return fixedCodec(Typed, arrowType, encode);
}

/** The Arrow codec of every frame field type. */
export const arrowCodecs: Readonly<Record<FieldType, ArrowCodec>> = {
  time: timeCodec,
  int8: fixed("int8", Int8Array, () => new Int8()),
  int16: fixed("int16", Int16Array, () => new Int16()),
  int32: fixed("int32", Int32Array, () => new Int32()),
  int64: fixed("int64", BigInt64Array, () => new Int64()),
  uint8: fixed("uint8", Uint8Array, () => new Uint8()),
  uint16: fixed("uint16", Uint16Array, () => new Uint16()),
  uint32: fixed("uint32", Uint32Array, () => new Uint32()),
  uint64: fixed("uint64", BigUint64Array, () => new Uint64()),
  float32: fixed("float32", Float32Array, () => new Float32()),
  float64: fixed("float64", Float64Array, () => new Float64()),
  string: stringCodec,
  bool: boolCodec,
  json: jsonCodec,
  // Enums are uint16 indexes into config.type.enum.text; tstype "enum" tells them apart.
  enum: fixed("enum", Uint16Array, () => new Uint16()),
};
