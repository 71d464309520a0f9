/**
 * Per-type wire names of frame field types: the Go type name (`typeInfo.frame`) and the
 * frontend type (`type` in JSON, `tstype` in Arrow field metadata).
 */
import type { FieldType } from "../model/frame.js";

/** The frontend's FieldType as the SDK writes it. */
export type FrontendType = "time" | "number" | "string" | "boolean" | "other" | "enum";

export interface FieldTypeNames {
  readonly goName: string;
  readonly frontend: FrontendType;
}

export const fieldTypeNames: Readonly<Record<FieldType, FieldTypeNames>> = {
  time: { goName: "time.Time", frontend: "time" },
  int8: { goName: "int8", frontend: "number" },
  int16: { goName: "int16", frontend: "number" },
  int32: { goName: "int32", frontend: "number" },
  int64: { goName: "int64", frontend: "number" },
  uint8: { goName: "uint8", frontend: "number" },
  uint16: { goName: "uint16", frontend: "number" },
  uint32: { goName: "uint32", frontend: "number" },
  uint64: { goName: "uint64", frontend: "number" },
  float32: { goName: "float32", frontend: "number" },
  float64: { goName: "float64", frontend: "number" },
  string: { goName: "string", frontend: "string" },
  bool: { goName: "bool", frontend: "boolean" },
  json: { goName: "json.RawMessage", frontend: "other" },
  enum: { goName: "enum", frontend: "enum" },
};

export const allFieldTypes = Object.keys(fieldTypeNames) as readonly FieldType[];

const byGoName = new Map(allFieldTypes.map((t) => [fieldTypeNames[t].goName, t]));

/** The field type for a Go type name (`typeInfo.frame`), or undefined. */
export function fieldTypeFromGoName(goName: string): FieldType | undefined {
  return byGoName.get(goName);
}

/** The field type a frontend-only description implies (frames JSON without typeInfo). */
export const fieldTypeOfFrontend: Readonly<Record<FrontendType, FieldType>> = {
  time: "time",
  number: "float64",
  string: "string",
  boolean: "bool",
  other: "json",
  enum: "enum",
};
