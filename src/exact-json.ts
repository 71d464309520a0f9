/**
 * JSON text whose integers keep every digit, read and written: integer literals beyond 2^53
 * are read as bigint, and bigints are written as integer literals (as Go keeps an int64 or a
 * json.RawMessage). The one JSON writer for values that may hold bigints.
 *
 * Reading: the native JSON.parse reads the text; only when that yields an integer beyond
 * 2^53 does a scan quote such literals (outside strings) with a per-call marker, JSON.parse
 * read the marked text, and a walk turn the marked strings into bigints (JSON.parse's
 * reviver would do the same ten times slower).
 */
import { randomBytes } from "node:crypto";
import { ErrorCode, messageOf, ShimError } from "./errors.js";

type Replacer = (this: unknown, key: string, value: unknown) => unknown;

/**
 * JSON.stringify (same `replacer`, same undefined for undefined) that writes bigints as
 * integer literals where it would throw on them.
 */
export function stringifyExact(value: unknown, replacer?: Replacer): string | undefined {
  try {
    return JSON.stringify(value, replacer);
  } catch (thrown) {
    if (!(thrown instanceof TypeError) || !thrown.message.includes("BigInt")) throw thrown;
  }
  // A random nonce per call: a string cell can only look like a marked bigint by guessing it.
  const marker = `\u0001${randomBytes(8).toString("hex")}:`;
  const text = JSON.stringify(value, function (this: unknown, key: string, inner: unknown) {
    const replaced = replacer === undefined ? inner : replacer.call(this, key, inner);
    return typeof replaced === "bigint" ? `${marker}${replaced}` : replaced;
  });
  // JSON.stringify escapes the U+0001 that starts the marker as \u0001.
  const quoted = new RegExp(`"\\\\u0001${marker.slice(1)}(-?\\d+)"`, "g");
  return text?.replace(quoted, "$1");
}

function notJson(what: string, thrown: unknown): ShimError {
  const reason = messageOf(thrown);
  return new ShimError(ErrorCode.InvalidArgument, `${what} is not valid JSON: ${reason}`, {
    cause: thrown,
  });
}

/** Parses JSON text; integers that a double cannot hold exactly are returned as bigint. */
export function parseJsonExact(text: string, what: string): unknown {
  return exactFromPlain(text, parseJsonPlain(text, what), what);
}

/** JSON.parse, failing as ShimError(invalid_argument). */
export function parseJsonPlain(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (thrown) {
    throw notJson(what, thrown);
  }
}

/** What parseJsonExact reads from `text`, given what JSON.parse read (`plain`). */
export function exactFromPlain(text: string, plain: unknown, what: string): unknown {
  if (!hasUnsafeInteger(plain)) return plain;
  try {
    // A random nonce per call: an input string can only look like a marked one by guessing it.
    const nonce = `${randomBytes(8).toString("hex")}:`;
    const marked = markBigIntegers(text, nonce);
    if (marked === undefined) return plain; // the big integers were float literals (1e20)
    return reviveMarked(JSON.parse(marked), `\u0001${nonce}`);
  } catch (thrown) {
    throw notJson(what, thrown);
  }
}

/** Whether a parsed value holds an integer a double cannot represent exactly. */
export function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === "number") return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "number") {
        if (Number.isInteger(item) && !Number.isSafeInteger(item)) return true;
      } else if (item !== null && typeof item === "object" && hasUnsafeInteger(item)) return true;
    }
    return false;
  }
  // for-in, not Object.values: no array per object (a json column holds one per row).
  for (const key in value) {
    if (Object.hasOwn(value, key) && hasUnsafeInteger((value as Record<string, unknown>)[key])) {
      return true;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

// Characters that continue a number token after its integer part: . e E + - and digits.
function inNumber(code: number): boolean {
  return (
    isDigit(code) ||
    code === 0x2e ||
    code === 0x65 ||
    code === 0x45 ||
    code === 0x2b ||
    code === MINUS
  );
}

/** The text with every unsafe integer literal quoted as "\u0001<nonce><digits>", or undefined. */
function markBigIntegers(text: string, nonce: string): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) i = stringEnd(text, i) + 1;
    else if (isDigit(code) || code === MINUS) {
      const digits = code === MINUS ? i + 1 : i;
      let end = digits;
      while (isDigit(text.charCodeAt(end))) end += 1;
      const after = text.charCodeAt(end);
      // Only valid JSON integers: no leading zero, no fraction or exponent following.
      const integer =
        after !== 0x2e && after !== 0x65 && after !== 0x45 && text.charCodeAt(digits) !== 0x30;
      if (integer && end - digits >= 16 && !Number.isSafeInteger(Number(text.slice(i, end)))) {
        parts.push(text.slice(copied, i), `"\\u0001${nonce}`, text.slice(i, end), '"');
        copied = end;
      }
      i = end;
      while (i < text.length && inNumber(text.charCodeAt(i))) i += 1;
    } else i += 1;
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(copied));
  return parts.join("");
}

/** Index of the quote closing the string that opens at `start` (or the text's end). */
export function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length; // unterminated: JSON.parse will say so
}

/** Replaces marked strings by bigints, in place. */
function reviveMarked(value: unknown, marker: string): unknown {
  if (typeof value === "string")
    return value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "string" || (item !== null && typeof item === "object"))
        value[i] = reviveMarked(item, marker);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = reviveMarked(record[key], marker);
  return value;
}

/** Bigints that a double holds with the same digits become numbers; the others stay. */
export function narrowBigints(value: unknown): unknown {
  if (typeof value === "bigint") {
    const double = Number(value);
    return String(double) === value.toString() ? double : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "bigint" || (item !== null && typeof item === "object"))
        value[i] = narrowBigints(item);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const item = record[key];
    if (typeof item === "bigint" || (item !== null && typeof item === "object")) {
      record[key] = narrowBigints(item);
    }
  }
  return value;
}

/** Replaces bigints by (rounded) numbers, as JSON.parse would have read them. */
export function withoutBigints(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(withoutBigints);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) define(out, key, withoutBigints(inner));
    return out;
  }
  return value;
}

// Own "__proto__" keys must stay plain data, as JSON.parse makes them.
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else target[key] = value;
}
