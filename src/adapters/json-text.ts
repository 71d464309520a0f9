/**
 * JSON text of a JavaScript value that JSON.stringify cannot write as wanted: bigint with
 * every digit, Uint8Array as base64 (as Grafana writes bytes), NaN/±Inf and undefined as null.
 */
export function jsonText(value: unknown): string {
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "object":
      return value === null ? "null" : objectText(value);
    default:
      return "null";
  }
}

function objectText(value: object): string {
  if (value instanceof Uint8Array) {
    return JSON.stringify(
      Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"),
    );
  }
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  const parts = Object.entries(value)
    .filter(([, inner]) => inner !== undefined)
    .map(([key, inner]) => `${JSON.stringify(key)}:${jsonText(inner)}`);
  return `{${parts.join(",")}}`;
}
