/**
 * Per-type checks of model cell values shared by the Arrow and JSON codecs: each returns
 * the wire value of an accepted (non-null) cell, or undefined when it does not fit the type.
 */
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

export const cells = {
  int8: intCell(-128, 127),
  int16: intCell(-32768, 32767),
  int32: intCell(-2147483648, 2147483647),
  int64: bigCell(true),
  uint8: intCell(0, 255),
  uint16: intCell(0, 65535),
  uint32: intCell(0, 4294967295),
  uint64: bigCell(false),
  float32: floatCell,
  float64: floatCell,
  enum: intCell(0, 65535),
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
