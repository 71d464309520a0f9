/**
 * What each frame field type is, for both formats: its wire names (the Go type name in
 * `typeInfo.frame`, the frontend type in JSON `type` and Arrow `tstype`) and, for numeric
 * types, the model cells it accepts.
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

/** The wire value of an accepted (non-null) cell, or undefined when it does not fit the type. */
export type ToCell<T> = (value: unknown) => T | undefined;

export function intCell(min: number, max: number): ToCell<number> {
  return (value) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
      ? value
      : undefined;
}

/** 64-bit integers are bigint; safe-integer numbers are accepted and converted. */
export function bigCell(signed: boolean): ToCell<bigint> {
  // Comparisons, unlike BigInt.asIntN, allocate nothing.
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  return (value) => {
    if (typeof value === "bigint") return value >= min && value <= max ? value : undefined;
    return typeof value === "number" && Number.isSafeInteger(value) && (signed || value >= 0)
      ? BigInt(value)
      : undefined;
  };
}

export const floatCell: ToCell<number> = (value) => (typeof value === "number" ? value : undefined);

/** The least and greatest value of each integer type of at most 32 bits. */
export const intRanges = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  enum: [0, 65535],
} as const;

export const cells = {
  int8: intCell(...intRanges.int8),
  int16: intCell(...intRanges.int16),
  int32: intCell(...intRanges.int32),
  int64: bigCell(true),
  uint8: intCell(...intRanges.uint8),
  uint16: intCell(...intRanges.uint16),
  uint32: intCell(...intRanges.uint32),
  uint64: bigCell(false),
  float32: floatCell,
  float64: floatCell,
  enum: intCell(...intRanges.enum),
} as const;

/** How error messages describe the values each numeric type accepts. */
export const cellNames = {
  int8: "an int8",
  int16: "an int16",
  int32: "an int32",
  int64: "an int64 (bigint)",
  uint8: "a uint8",
  uint16: "a uint16",
  uint32: "a uint32",
  uint64: "a uint64 (bigint)",
  float32: "a number",
  float64: "a number",
  enum: "an enum index (uint16)",
} as const;

export type NumericType = keyof typeof cells;

/** The typed arrays behind numeric columns, seen through one cell-agnostic shape. */
export interface FixedArray {
  readonly length: number;
  [index: number]: number | bigint;
  subarray(begin: number, end: number): FixedArray;
  set(source: FixedArray, offset: number): void;
}

export interface FixedArrayType {
  new (length: number): FixedArray;
  new (values: ArrayLike<unknown>): FixedArray;
}
