import { stringifyExact } from "../exact-json.js";

/**
 * JSON text of a value bound for a legacy answer: bigints with every digit, Uint8Array as
 * base64 (as Go writes []byte), NaN/±Inf and undefined as null.
 */
export function jsonText(value: unknown): string {
  return stringifyExact(value, bytesAsBase64) ?? "null";
}

// The holder's own value: a Buffer has reached the replacer as its toJSON() object.
function bytesAsBase64(this: unknown, key: string, value: unknown): unknown {
  const own = (this as Record<string, unknown>)[key];
  if (!(own instanceof Uint8Array)) return value;
  return Buffer.from(own.buffer, own.byteOffset, own.byteLength).toString("base64");
}
