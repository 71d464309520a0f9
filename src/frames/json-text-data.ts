/**
 * Exact 64-bit integers for frame JSON text without parsing the document twice: JSON.parse
 * reads it once, and only columns whose codec can read their own text (int64, uint64) are
 * read again where they hold integers beyond 2^53. Other big integers (json cells, entities,
 * nanos) take the general exact parse of the whole text.
 */

import { hasUnsafeInteger } from "../exact-json.js";
import type { FieldHeader } from "./frame-header.js";
import { jsonColumns } from "./json-columns.js";
import { isPlainObject } from "./json-objects.js";
import { valueColumnStarts } from "./json-text-columns.js";

/** Frame JSON text beside its plain parse, and the general exact parse of the whole text. */
export interface FrameText {
  readonly text: string;
  readonly exactDocument: () => unknown;
}

export interface TextPlan {
  /** The `data` to read: the plain parse's, or the general exact parse's. */
  readonly data: unknown;
  /** Where in the text each column to be read from text starts, by field index. */
  readonly starts: ReadonlyMap<number, number>;
}

const NONE: ReadonlyMap<number, number> = new Map();

/** How to read `data`, parsed plainly from source.text, as exactly as the text has it. */
export function planText(data: unknown, headers: readonly FieldHeader[], source: FrameText) {
  const whole = (): TextPlan => ({ data: wholeData(data, source), starts: NONE });
  if (!isPlainObject(data) || !Array.isArray(data.values)) return whole();
  if (hasUnsafeInteger(data.entities) || hasUnsafeInteger(data.nanos)) return whole();
  const values: unknown[] = data.values;
  const wanted: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const header = headers[i];
    const codec = header && jsonColumns[header.type];
    if (codec?.parsedIsExact || !hasUnsafeInteger(values[i])) continue;
    if (codec?.readText === undefined || !Array.isArray(values[i])) return whole();
    wanted.push(i);
  }
  if (wanted.length === 0) return { data, starts: NONE };
  const starts = valueColumnStarts(source.text, values);
  if (starts === undefined) return whole();
  return { data, starts: new Map(wanted.map((i) => [i, starts[i]!])) };
}

/** `data` from the general exact parse, which reads the whole text again. */
export function wholeData(data: unknown, source: FrameText): unknown {
  if (!hasUnsafeInteger(data)) return data;
  const document = source.exactDocument();
  return isPlainObject(document) ? document.data : data;
}
