/**
 * A JSON parser that keeps integers beyond 2^53 exact (as bigint), so int64/uint64 cells
 * and nanosecond times written by the Go SDK can be compared digit for digit.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export function parseLossless(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.value();
  parser.end();
  return value;
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  value(): JsonValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }

  end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail("trailing text");
  }

  private object(): JsonValue {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    if (this.peek() === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const key = this.string();
      if (this.peek() !== ":") this.fail("expected ':'");
      this.pos++;
      out[key] = this.value();
      const next = this.peek();
      this.pos++;
      if (next === "}") return out;
      if (next !== ",") this.fail("expected ',' or '}'");
    }
  }

  private array(): JsonValue {
    const out: JsonValue[] = [];
    this.pos++;
    if (this.peek() === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      const next = this.peek();
      this.pos++;
      if (next === "]") return out;
      if (next !== ",") this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.pos;
    if (this.text[this.pos] !== '"') this.fail("expected string");
    for (this.pos++; this.text[this.pos] !== '"'; this.pos++) {
      if (this.pos >= this.text.length) this.fail("unterminated string");
      if (this.text[this.pos] === "\\") this.pos++;
    }
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): number | bigint {
    numberPattern.lastIndex = this.pos;
    const match = numberPattern.exec(this.text);
    if (!match) this.fail("unexpected character");
    const literal = match[0];
    this.pos += literal.length;
    const n = Number(literal);
    return /^-?\d+$/.test(literal) && !Number.isSafeInteger(n) ? BigInt(literal) : n;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text[this.pos] ?? "")) this.pos++;
  }

  private fail(message: string): never {
    throw new SyntaxError(`JSON: ${message} at ${this.pos}`);
  }
}

/** Stable text of a JSON-like value: sorted keys, bigint digits, undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** JSON text of a parsed value, keeping key order and bigint digits. */
export function stringifyLossless(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(stringifyLossless).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyLossless(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
