import { DataType, Precision } from "apache-arrow";
import type { FieldType } from "../model/frame.js";

/** Frame field types by Arrow type key; anything else (Dictionary, List, Decimal…) is unsupported. */
const fieldTypeByArrow: Readonly<Record<string, FieldType>> = {
  int8: "int8",
  int16: "int16",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "uint16",
  uint32: "uint32",
  uint64: "uint64",
  float32: "float32",
  float64: "float64",
  utf8: "string",
  binary: "json",
  bool: "bool",
  timestamp: "time",
};

function arrowKey(type: DataType): string {
  if (DataType.isInt(type)) return `${type.isSigned ? "int" : "uint"}${type.bitWidth}`;
  if (DataType.isFloat(type)) {
    return type.precision === Precision.SINGLE
      ? "float32"
      : type.precision === Precision.DOUBLE
        ? "float64"
        : "float16";
  }
  // Large and view layouts (newer writers) are read as the plain ones.
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) {
    return "utf8";
  }
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isBinaryView(type)) {
    return "binary";
  }
  if (DataType.isBool(type)) return "bool";
  if (DataType.isTimestamp(type)) return "timestamp";
  return "unsupported";
}

/** The frame field type of an Arrow type; uint16 with tstype "enum" is an enum. */
export function fieldTypeOfArrow(
  type: DataType,
  tstype: string | undefined,
): FieldType | undefined {
  const fieldType = fieldTypeByArrow[arrowKey(type)];
  return fieldType === "uint16" && tstype === "enum" ? "enum" : fieldType;
}
