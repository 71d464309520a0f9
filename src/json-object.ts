import { ErrorCode, messageOf, ShimError } from "./errors.js";

/** Parses JSON text that must hold an object; unknown keys are kept as they are. */
export function jsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (thrown) {
    const reason = messageOf(thrown);
    throw new ShimError(ErrorCode.InvalidArgument, `${what} is not valid JSON: ${reason}`);
  }
  if (!isPlainObject(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new ShimError(ErrorCode.InvalidArgument, `${what} must be a JSON object, not ${kind}`);
  }
  return value;
}

/** An object that JSON could have written: not null, an array or a typed array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  );
}
