import { ErrorCode, ShimError } from "../errors.js";

/** A ShimError(invalid_argument) whose message starts with where in the input the problem is. */
export function badInput(at: string, problem: string): ShimError {
  return new ShimError(ErrorCode.InvalidArgument, `${at}: ${problem}`);
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** `base.key`, or `base["key"]` when the key is not an identifier (a JSON path step). */
export function keyPath(base: string, key: string): string {
  if (identifier.test(key)) return base === "" ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** A short description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return String(value);
  if (value instanceof Uint8Array) return `bytes(${value.length})`;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  text ??= String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
