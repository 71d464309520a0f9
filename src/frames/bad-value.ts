import type { ShimError } from "../errors.js";
import { invalid } from "./invalid.js";

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
