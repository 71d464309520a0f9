/**
 * Frame JSON read straight from its text when it has the layout the SDK writes,
 * `{"schema":…,"data":{"values":[…],"entities":…,"nanos":…}}` (whitespace allowed): number
 * and boolean columns are scanned into typed arrays (text-cells.ts), the schema and the other
 * columns go through JSON.parse of their own text. No parsed copy of the whole document is
 * held, and 64-bit integers keep every digit without a second parse. Any other layout
 * (key order, repeated or escaped keys) or any doubt returns undefined: frames.ts then reads
 * the document the general way, which gives the same frame or names what is wrong.
 */
import { exactFromPlain, hasUnsafeInteger, stringEnd } from "../../exact-json.js";
import type { Field, Frame } from "../../model/frame.js";
import type { FieldHeader } from "../frame-header.js";
import { fieldLabel } from "../invalid.js";
import { type ColumnExtras, jsonColumns, type ReadColumn } from "./codecs.js";
import { fieldOf } from "./data.js";
import { schemaFromJSON } from "./schema.js";
import { type ScannedCells, skipSpace } from "./text-cells.js";

const QUOTE = 0x22;

/** A column between scanning and reading: scanned cells, or parsed JSON cells. */
type Pending =
  | { readonly scanned: ScannedCells<unknown>; readonly rows: number }
  | { readonly parsed: unknown[]; readonly rows: number };

/** The frame in `text`, or undefined when it is not in the SDK's layout or anything is off. */
export function frameFromText(text: string): Frame | undefined {
  try {
    return new Reader(text).frame();
  } catch {
    return undefined; // the general reader names the error
  }
}

class Reader {
  private at = 0;

  constructor(private readonly text: string) {}

  frame(): Frame | undefined {
    if (!this.token("{") || !this.key("schema")) return undefined;
    const schemaText = this.value();
    if (schemaText === undefined || !this.token(",") || !this.key("data")) return undefined;
    const { header, fields: headers } = schemaFromJSON(JSON.parse(schemaText));
    if (!this.token("{") || !this.key("values") || !this.token("[")) return undefined;
    const pending: Pending[] = [];
    for (let i = 0; i < headers.length; i++) {
      if (i > 0 && !this.token(",")) return undefined;
      const column = this.column(headers[i]!, pending[0]?.rows);
      if (column === undefined || column.rows !== (pending[0]?.rows ?? column.rows)) {
        return undefined;
      }
      pending.push(column);
    }
    if (!this.token("]")) return undefined;
    const extras = this.extras(headers.length);
    if (extras === undefined || !this.token("}") || !this.token("}")) return undefined;
    if (skipSpace(this.text, this.at) !== this.text.length) return undefined;
    const fields = headers.map((fieldHeader, i) =>
      this.field(fieldHeader, i, pending[i]!, {
        entities: extras.entities?.[i],
        nanos: extras.nanos?.[i],
      }),
    );
    const frame: Frame = { name: header.name, refId: header.refId, fields };
    return header.meta === undefined ? frame : { ...frame, meta: header.meta };
  }

  private field(header: FieldHeader, i: number, pending: Pending, extras: ColumnExtras): Field {
    const codec = jsonColumns[header.type];
    const where = fieldLabel(i, header.name);
    const column: ReadColumn =
      "scanned" in pending
        ? codec.finish!(pending.scanned, extras, where)
        : codec.read(pending.parsed, extras, where);
    return fieldOf(header, column);
  }

  /** One column: scanned when its codec can, else parsed from its own text. */
  private column(header: FieldHeader, rows: number | undefined): Pending | undefined {
    this.at = skipSpace(this.text, this.at);
    const codec = jsonColumns[header.type];
    if (codec.scan !== undefined) {
      const scanned = codec.scan(this.text, this.at, rows);
      if (scanned === undefined) return undefined;
      this.at = scanned.end;
      return { scanned, rows: (scanned.out as ArrayLike<unknown>).length };
    }
    const { cells, parsed } = this.parsedArray() ?? {};
    if (cells === undefined || !Array.isArray(parsed)) return undefined;
    // Integers beyond 2^53 in json cells: the exact parse of this column's text alone.
    const exact = hasUnsafeInteger(parsed) ? exactFromPlain(cells, parsed, "frame JSON") : parsed;
    return { parsed: exact as unknown[], rows: parsed.length };
  }

  /**
   * The text of the JSON value next and its parse. An array is first tried through its first
   * `]`, found natively: an array's text ends where its parse does, so a slice that parses is
   * the whole array. Only when a `]` inside a cell cuts it short are brackets matched.
   */
  private parsedArray(): { cells: string; parsed: unknown } | undefined {
    const text = this.text;
    const at = skipSpace(text, this.at);
    if (text.charCodeAt(at) === 0x5b) {
      const end = text.indexOf("]", at) + 1;
      try {
        const cells = text.slice(at, end);
        const parsed: unknown = JSON.parse(cells);
        this.at = end;
        return { cells, parsed };
      } catch {
        // a `]` in a string or a nested array
      }
    }
    const cells = this.value();
    return cells === undefined ? undefined : { cells, parsed: JSON.parse(cells) };
  }

  /** `entities` and `nanos` after `values`, each at most once; undefined for anything else. */
  private extras(fields: number): { entities?: unknown[]; nanos?: unknown[] } | undefined {
    const found: { entities?: unknown[]; nanos?: unknown[] } = {};
    while (this.token(",")) {
      const name = this.keyName();
      if ((name !== "entities" && name !== "nanos") || found[name] !== undefined) return undefined;
      const list = this.value();
      const parsed: unknown = list === undefined ? undefined : JSON.parse(list);
      if (parsed === null) found[name] = [];
      else if (!Array.isArray(parsed) || hasUnsafeInteger(parsed)) return undefined;
      else if (parsed.length !== fields && parsed.length !== 0) return undefined;
      else found[name] = parsed;
    }
    return found;
  }

  /** Past `char` (after any whitespace); false, staying put, when it is not next. */
  private token(char: string): boolean {
    const at = skipSpace(this.text, this.at);
    if (this.text[at] !== char) return false;
    this.at = at + 1;
    return true;
  }

  /** Past `"name":` when that plain key is next. */
  private key(name: string): boolean {
    return this.keyName() === name;
  }

  /** The plain (unescaped) key next, past its colon; undefined when there is none. */
  private keyName(): string | undefined {
    const text = this.text;
    const at = skipSpace(text, this.at);
    if (text.charCodeAt(at) !== QUOTE) return undefined;
    const end = stringEnd(text, at);
    const name = text.slice(at + 1, end);
    if (name.includes("\\")) return undefined;
    this.at = end + 1;
    return this.token(":") ? name : undefined;
  }

  /** The text of the JSON value next (brackets matched outside strings; JSON.parse checks it). */
  private value(): string | undefined {
    const text = this.text;
    let at = skipSpace(text, this.at);
    const start = at;
    const first = text.charCodeAt(at);
    if (first === QUOTE) at = stringEnd(text, at) + 1;
    else if (first !== 0x5b && first !== 0x7b) {
      while (at < text.length && !endsScalar(text.charCodeAt(at))) at += 1;
    } else {
      let depth = 0;
      do {
        const code = text.charCodeAt(at);
        if (code === QUOTE) at = stringEnd(text, at);
        else if (code === 0x5b || code === 0x7b) depth += 1;
        else if (code === 0x5d || code === 0x7d) depth -= 1;
        at += 1;
      } while (depth > 0 && at < text.length);
    }
    if (at > text.length || at === start) return undefined;
    this.at = at;
    return text.slice(start, at);
  }
}

// Held so that the class's map outlives collections (see text-cells.ts).
const keptReader = new Reader("");
void keptReader;

// What ends a number, true, false or null.
function endsScalar(code: number): boolean {
  return (
    code === 0x2c ||
    code === 0x5d ||
    code === 0x7d ||
    code === 0x20 ||
    code === 0x0a ||
    code === 0x0d ||
    code === 0x09
  );
}
