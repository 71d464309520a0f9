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

/** The message of anything thrown, for wrapping library errors. */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
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
