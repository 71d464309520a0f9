/**
 * Where each `data.values` column starts in frame JSON text that JSON.parse has already
 * accepted, so that single columns can be read again from their text. The walk follows the
 * document's structure and skips columns by what they were parsed to.
 */
import { stringEnd } from "../exact-json.js";

const QUOTE = 0x22;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

// What ends a number, true, false or null.
function endsScalar(code: number): boolean {
  return code === 0x2c || code === 0x5d || code === 0x7d || isSpace(code);
}

/** Offsets of the `[` of every `data.values` column, or undefined when the walk cannot tell. */
export function valueColumnStarts(text: string, values: readonly unknown[]): number[] | undefined {
  const walk = new Walk(text);
  let starts: number[] | undefined;
  // Columns are skipped by what JSON.parse kept, the last of repeated keys: give up on those.
  let repeated = false;
  try {
    walk.object(0, (key, at) => {
      if (key !== "data") return walk.skipValue(at);
      repeated ||= starts !== undefined;
      return walk.object(at, (inner, from) => {
        if (inner !== "values") return walk.skipValue(from);
        repeated ||= starts !== undefined;
        starts = [];
        return walk.columns(from, values, starts);
      });
    });
  } catch {
    return undefined; // a key read in the wrong place after a repeated key
  }
  return !repeated && starts?.length === values.length ? starts : undefined;
}

class Walk {
  constructor(private readonly text: string) {}

  skipSpace(at: number): number {
    while (isSpace(this.text.charCodeAt(at))) at += 1;
    return at;
  }

  /** Past the object at `at`; `visit` gets each key and returns the end of its value. */
  object(at: number, visit: (key: string, at: number) => number): number {
    const text = this.text;
    at = this.skipSpace(at);
    if (text.charCodeAt(at) !== 0x7b) return this.skipValue(at);
    at = this.skipSpace(at + 1);
    while (text.charCodeAt(at) === QUOTE) {
      const end = stringEnd(text, at);
      const key: unknown = JSON.parse(text.slice(at, end + 1));
      at = this.skipSpace(this.skipSpace(end + 1) + 1); // past the colon
      at = this.skipSpace(visit(key as string, at));
      if (text.charCodeAt(at) === 0x2c) at = this.skipSpace(at + 1);
    }
    return at + 1;
  }

  /** Past the array of columns at `at`, noting where each column starts. */
  columns(at: number, values: readonly unknown[], starts: number[]): number {
    if (this.text.charCodeAt(at) !== 0x5b) return this.skipValue(at);
    at += 1;
    for (let i = 0; i < values.length; i++) {
      at = this.skipSpace(at);
      if (i > 0) at = this.skipSpace(at + 1); // the comma, valid since JSON.parse read the text
      starts.push(at);
      at = this.skipColumn(at, values[i]);
    }
    return this.skipSpace(at) + 1;
  }

  /** Past a column: by its first `]` when no string or container comes before that. */
  skipColumn(at: number, cells: unknown): number {
    const text = this.text;
    if (!Array.isArray(cells)) return this.skipValue(at);
    const close = text.indexOf("]", at);
    if (close < 0) return text.length;
    const inside = text.slice(at + 1, close);
    if (!inside.includes('"') && !inside.includes("[") && !inside.includes("{")) return close + 1;
    const scalars = cells.every((cell) => cell === null || typeof cell !== "object");
    return scalars ? this.skipStrings(at) : this.skipValue(at);
  }

  /** Past an array of scalars: only a `]` outside strings closes it. */
  private skipStrings(at: number): number {
    const text = this.text;
    let close = text.indexOf("]", at);
    let quote = text.indexOf('"', at);
    while (quote !== -1 && quote < close) {
      at = stringEnd(text, quote) + 1;
      if (close < at) close = text.indexOf("]", at);
      quote = text.indexOf('"', at);
    }
    return close + 1;
  }

  /** Past any JSON value, counting brackets outside strings. */
  skipValue(at: number): number {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === QUOTE) return stringEnd(text, at) + 1;
    if (first !== 0x5b && first !== 0x7b) {
      while (at < text.length && !endsScalar(text.charCodeAt(at))) at += 1;
      return at;
    }
    let depth = 0;
    do {
      const code = text.charCodeAt(at);
      if (code === QUOTE) at = stringEnd(text, at);
      else if (code === 0x5b || code === 0x7b) depth += 1;
      else if (code === 0x5d || code === 0x7d) depth -= 1;
      at += 1;
    } while (depth > 0 && at < text.length);
    return at;
  }
}
