/**
 * json.RawMessage cells hold any JSON value. Go keeps their text, so an integer such as
 * 12345678901234567890 reaches Grafana digit for digit; here such integers are bigint cells
 * (only where a double would change the digits) and are written back digit for digit.
 */
import { randomBytes } from "node:crypto";

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
  for (const key of Object.keys(record)) record[key] = narrowBigints(record[key]);
  return value;
}

/** JSON.stringify that writes bigints as integer literals (it throws on them otherwise). */
export function stringifyExact(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (thrown) {
    if (!(thrown instanceof TypeError) || !thrown.message.includes("BigInt")) throw thrown;
  }
  // A random nonce per call: a string cell can only look like a marked bigint by guessing it.
  const marker = `\u0001${randomBytes(8).toString("hex")}:`;
  const text = JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "bigint" ? `${marker}${inner}` : inner,
  );
  // JSON.stringify escapes the U+0001 that starts the marker as \u0001.
  const quoted = new RegExp(`"\\\\u0001${marker.slice(1)}(-?\\d+)"`, "g");
  return text?.replace(quoted, "$1");
}
