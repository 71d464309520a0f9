/**
 * What kind of time series a frame is, after grafana-plugin-sdk-go `Frame.TimeSeriesSchema`:
 * the first time field is the time index, string and bool fields are factors (dimensions).
 * Unlike the SDK, only numeric fields are values: extra time, json and enum fields are
 * "other" fields, which legacy series cannot hold (the SDK counts them as values and then
 * fails to read them as floats).
 */
import type { FieldType, Frame } from "../model/frame.js";

export type SchemaKind = "not" | "wide" | "long";

export interface TimeSeriesSchema {
  readonly kind: SchemaKind;
  readonly timeIndex: number;
  readonly valueIndices: readonly number[];
  readonly factorIndices: readonly number[];
  readonly otherIndices: readonly number[];
}

type Role = "value" | "factor" | "other";

const roles: Readonly<Record<FieldType, Role>> = {
  time: "other",
  int8: "value",
  int16: "value",
  int32: "value",
  int64: "value",
  uint8: "value",
  uint16: "value",
  uint32: "value",
  uint64: "value",
  float32: "value",
  float64: "value",
  string: "factor",
  bool: "factor",
  json: "other",
  enum: "other",
};

export function timeSeriesSchemaOf(frame: Frame): TimeSeriesSchema {
  const timeIndex = frame.fields.findIndex((field) => field.type === "time");
  const indices: Record<Role, number[]> = { value: [], factor: [], other: [] };
  frame.fields.forEach((field, i) => {
    if (i !== timeIndex) indices[roles[field.type]].push(i);
  });
  const kind: SchemaKind =
    timeIndex < 0 || indices.value.length === 0
      ? "not"
      : indices.factor.length > 0
        ? "long"
        : "wide";
  return {
    kind,
    timeIndex,
    valueIndices: indices.value,
    factorIndices: indices.factor,
    otherIndices: indices.other,
  };
}

export function isKnownType(type: string): type is FieldType {
  return Object.hasOwn(roles, type);
}
