import { ErrorCode, ShimError } from "./errors.js";

/** Parses JSON text that must hold an object; unknown keys are kept as they are. */
export function jsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    throw new ShimError(ErrorCode.InvalidArgument, `${what} is not valid JSON: ${reason}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new ShimError(ErrorCode.InvalidArgument, `${what} must be a JSON object, not ${kind}`);
  }
  return value as Record<string, unknown>;
}
