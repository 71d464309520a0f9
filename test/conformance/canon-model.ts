/** The canonical form of a shim Frame (src/model/frame.ts). */
import type { Field, FieldType, Frame } from "../../src/model/frame.js";
import { type CanonField, type CanonFrame, canonCell, canonMeta } from "./canonical.js";
import { canonicalJson } from "./lossless-json.js";

/** The SDK's typeInfo.frame name of each model field type. */
export const goTypeName: Readonly<Record<FieldType, string>> = {
  time: "time.Time",
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
  string: "string",
  bool: "bool",
  json: "json.RawMessage",
  enum: "enum",
};

export function canonFromModel(frame: Frame): CanonFrame {
  return {
    name: frame.name ?? "",
    refId: frame.refId ?? "",
    meta: canonMeta(frame.meta),
    fields: frame.fields.map(canonModelField),
  };
}

function canonModelField(field: Field): CanonField {
  const type = goTypeName[field.type] ?? `unknown ${String(field.type)}`;
  const cells: string[] = [];
  for (let row = 0; row < field.values.length; row++) {
    const value = field.values[row];
    if (value === undefined) cells.push("(undefined)");
    else cells.push(value === null ? "null" : canonCell(type, value, field.nanos?.[row] ?? 0));
  }
  return {
    name: field.name,
    type,
    nullable: field.nullable,
    labels: field.labels === undefined ? undefined : canonicalJson(field.labels),
    config: field.config === undefined ? undefined : canonicalJson(field.config),
    cells,
  };
}
