/** How the frame codecs report bad input: invalid_argument errors that name the field and row. */
import { ErrorCode, ShimError } from "../errors.js";
import type { Field } from "../model/frame.js";

/** A ShimError with code invalid_argument: the one way frame codecs report bad input. */
export function invalid(message: string, cause?: unknown): ShimError {
  return new ShimError(
    ErrorCode.InvalidArgument,
    message,
    cause === undefined ? undefined : { cause },
  );
}

/** How messages name a field: its index and name (names may be empty or repeated). */
export function fieldLabel(index: number, name: string): string {
  return `field ${index} ${JSON.stringify(name)}`;
}

export function labelOf(field: Pick<Field, "name">, index: number): string {
  return fieldLabel(index, typeof field.name === "string" ? field.name : String(field.name));
}

/** Runs a per-frame step of a frames list, prefixing any error with the frame's index. */
export function withFrameIndex<T>(index: number, run: () => T): T {
  try {
    return run();
  } catch (thrown) {
    if (thrown instanceof Error) thrown.message = `frame ${index}: ${thrown.message}`;
    throw thrown;
  }
}

/** The error for a cell that does not fit its field type. */
export function badValue(where: string, row: number, value: unknown, what: string): ShimError {
  if (value === null) {
    return invalid(`${where} row ${row}: null in a non-nullable field (set nullable: true)`);
  }
  return invalid(`${where} row ${row}: ${describeValue(value)} is not ${what}`);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n (bigint)`;
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const text = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `${JSON.stringify(text)} (string)`;
  }
  if (typeof value === "object" && value !== null)
    return Array.isArray(value) ? "an array" : "an object";
  return `${String(value)} (${typeof value})`;
}
