/**
 * Fixture JSON as people read it: two-space indents, one key per line, arrays
 * of scalars (and small cell objects) on one line, rows of them one per line.
 * Bigints are written with every digit.
 */
const inlineObjectChars = 60;

export function fixtureJson(value: unknown): string {
  return `${write(value, "")}\n`;
}

function scalar(value: unknown): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "bigint":
      return value.toString();
    case "number":
      if (!Number.isFinite(value)) throw new Error(`${value} cannot be written as JSON`);
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

/** A small object of scalars, e.g. a table cell `{"int64": "5"}`, on one line. */
function inlineObject(value: object): string | undefined {
  if (Array.isArray(value)) return undefined;
  const parts: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const text = scalar(inner);
    if (text === undefined) return undefined;
    parts.push(`${JSON.stringify(key)}: ${text}`);
  }
  const line = `{${parts.join(", ")}}`;
  return line.length <= inlineObjectChars ? line : undefined;
}

function inline(value: unknown): string | undefined {
  const text = scalar(value);
  if (text !== undefined) return text;
  if (typeof value === "object" && value !== null) return inlineObject(value);
  return undefined;
}

function write(value: unknown, indent: string): string {
  const text = scalar(value);
  if (text !== undefined) return text;
  if (typeof value !== "object" || value === null) {
    throw new Error(`a ${typeof value} cannot be written as JSON`);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = value.map(inline);
    if (flat.every((t) => t !== undefined)) return `[${flat.join(", ")}]`;
    return `[\n${value.map((v) => inner + write(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const small = inlineObject(value);
  if (small !== undefined && indent.length > 8) return small;
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`);
  return `{\n${lines.join(",\n")}\n${indent}}`;
}
