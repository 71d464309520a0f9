/**
 * JSON parsing that keeps 64-bit integers exact: integer literals beyond 2^53 come back as
 * bigint. Text without any run of 16+ digits cannot hold such a literal and goes to the
 * native JSON.parse; the rest is read by a small recursive-descent parser.
 */
import { invalid, messageOf } from "./invalid.js";

// An integer literal of 16+ digits (not the fraction or exponent of a float).
const LONG_INTEGER = /(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;
const WHITESPACE = /[ \t\n\r]*/y;

/** Parses JSON text; integers that a double cannot hold exactly are returned as bigint. */
export function parseJsonExact(text: string, what: string): unknown {
  try {
    return LONG_INTEGER.test(text) ? new Parser(text).document() : JSON.parse(text);
  } catch (thrown) {
    throw invalid(`${what} is not valid JSON: ${messageOf(thrown)}`, thrown);
  }
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

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail("unexpected text after the JSON value");
    return value;
  }

  private value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "t") return this.word("true", true);
    if (c === "f") return this.word("false", false);
    if (c === "n") return this.word("null", null);
    return this.number();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at += 1;
    if (this.peek() === "}") {
      this.at += 1;
      return out;
    }
    for (;;) {
      if (this.peek() !== '"') this.fail("expected a string key");
      const key = this.string();
      if (this.peek() !== ":") this.fail("expected ':'");
      this.at += 1;
      define(out, key, this.value());
      const next = this.peek();
      this.at += 1;
      if (next === "}") return out;
      if (next !== ",") this.fail("expected ',' or '}'");
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.at += 1;
    if (this.peek() === "]") {
      this.at += 1;
      return out;
    }
    for (;;) {
      out.push(this.value());
      const next = this.peek();
      this.at += 1;
      if (next === "]") return out;
      if (next !== ",") this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.at;
    let end = start + 1;
    let escaped = false;
    for (;;) {
      const code = this.text.charCodeAt(end);
      if (Number.isNaN(code)) this.fail("unterminated string");
      if (code === 0x22) break;
      if (code === 0x5c) {
        escaped = true;
        end += 1;
      }
      end += 1;
    }
    this.at = end + 1;
    // Escapes and control-character checks are left to the native parser.
    return escaped ? JSON.parse(this.text.slice(start, end + 1)) : this.plain(start + 1, end);
  }

  private plain(start: number, end: number): string {
    const text = this.text.slice(start, end);
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) < 0x20) this.fail("control character in string");
    }
    return text;
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail("unexpected character");
    const literal = match[0];
    this.at += literal.length;
    const value = Number(literal);
    return INTEGER.test(literal) && !Number.isSafeInteger(value) ? BigInt(literal) : value;
  }

  private word<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) this.fail("unexpected character");
    this.at += word.length;
    return value;
  }

  private peek(): string | undefined {
    this.space();
    return this.text[this.at];
  }

  private space(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.at}`);
  }
}
