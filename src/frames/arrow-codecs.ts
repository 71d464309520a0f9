import {
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
import { type FixedArrayType, fixedCodec } from "./arrow-codec-fixed.js";
import { timeCodec } from "./arrow-codec-time.js";

function intCell(min: number, max: number) {
  return (value: unknown) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
      ? value
      : undefined;
}

function bigCell(bits: 64, signed: boolean) {
  const wrap = signed ? BigInt.asIntN : BigInt.asUintN;
  return (value: unknown) => {
    const big =
      typeof value === "bigint"
        ? value
        : typeof value === "number" && Number.isSafeInteger(value)
          ? BigInt(value)
          : undefined;
    return big !== undefined && wrap(bits, big) === big ? big : undefined;
  };
}

const floatCell = (value: unknown) => (typeof value === "number" ? value : undefined);

const as = (ArrayType: unknown) => ArrayType as FixedArrayType;

/** The Arrow codec of every frame field type. */
export const arrowCodecs: Readonly<Record<FieldType, ArrowCodec>> = {
  time: timeCodec,
  int8: fixedCodec(as(Int8Array), () => new Int8(), intCell(-128, 127), "an int8"),
  int16: fixedCodec(as(Int16Array), () => new Int16(), intCell(-32768, 32767), "an int16"),
  int32: fixedCodec(
    as(Int32Array),
    () => new Int32(),
    intCell(-2147483648, 2147483647),
    "an int32",
  ),
  int64: fixedCodec(as(BigInt64Array), () => new Int64(), bigCell(64, true), "an int64 (bigint)"),
  uint8: fixedCodec(as(Uint8Array), () => new Uint8(), intCell(0, 255), "a uint8"),
  uint16: fixedCodec(as(Uint16Array), () => new Uint16(), intCell(0, 65535), "a uint16"),
  uint32: fixedCodec(as(Uint32Array), () => new Uint32(), intCell(0, 4294967295), "a uint32"),
  uint64: fixedCodec(
    as(BigUint64Array),
    () => new Uint64(),
    bigCell(64, false),
    "a uint64 (bigint)",
  ),
  float32: fixedCodec(as(Float32Array), () => new Float32(), floatCell, "a number"),
  float64: fixedCodec(as(Float64Array), () => new Float64(), floatCell, "a number"),
  string: stringCodec,
  bool: boolCodec,
  json: jsonCodec,
  // Enums are uint16 indexes into config.type.enum.text; tstype "enum" tells them apart.
  enum: fixedCodec(
    as(Uint16Array),
    () => new Uint16(),
    intCell(0, 65535),
    "an enum index (uint16)",
  ),
};
