import type { FieldType } from "../model/frame.js";
import type { JsonColumnCodec } from "./json-column.js";
import { floatColumn, integerColumn } from "./json-column-numbers.js";
import { boolColumn, jsonColumn, stringColumn } from "./json-column-text.js";
import { timeColumn } from "./json-column-time.js";

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
