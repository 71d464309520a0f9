/**
 * The `data` object of frame JSON: written in pieces, a long column a slice of rows at a
 * time; read from its parse, with integers beyond 2^53 kept exact when the text is at hand
 * (frame-text.ts reads the usual layout straight from the text instead).
 */
import { hasUnsafeInteger } from "../../exact-json.js";
import { isPlainObject } from "../../json-object.js";
import type { Field, Frame } from "../../model/frame.js";
import type { FieldHeader } from "../frame-header.js";
import { fieldLabel, invalid, labelOf } from "../invalid.js";
import {
  type Entities,
  type JsonColumnCodec,
  jsonColumns,
  type ReadColumn,
  type WrittenColumn,
} from "./codecs.js";

/** Rows of a long column written at a time: pieces of about a megabyte of text. */
export const PART_ROWS = 1 << 16;

type Extras = Pick<WrittenColumn, "entities" | "nanos">;

/**
 * The `data` object text in pieces: `values`, then `entities` and `nanos` only when a field
 * has some. A column longer than `sliceRows` is written that many rows at a time.
 */
export function* dataJSONParts(frame: Frame, rows: number, sliceRows: number): Generator<string> {
  const extras: Extras[] = [];
  yield `{"values":[`;
  for (const [i, field] of frame.fields.entries()) {
    if (i > 0) yield ",";
    extras.push(yield* columnParts(field, rows, labelOf(field, i), sliceRows));
  }
  let tail = "]";
  if (extras.some((column) => column.entities !== undefined)) {
    tail += `,"entities":${perField(extras, (column) => column.entities && entitiesText(column.entities))}`;
  }
  if (extras.some((column) => column.nanos !== undefined)) {
    tail += `,"nanos":${perField(extras, (column) => column.nanos && `[${column.nanos.join(",")}]`)}`;
  }
  yield `${tail}}`;
}

function* columnParts(
  field: Field,
  rows: number,
  where: string,
  sliceRows: number,
): Generator<string, Extras> {
  const codec = jsonColumns[field.type];
  if (rows <= sliceRows) {
    const column = codec.write(field, rows, where);
    yield column.text;
    return column;
  }
  const entities: Required<Entities> = { NaN: [], Inf: [], NegInf: [] };
  const nanos: (readonly number[] | undefined)[] = [];
  for (let from = 0; from < rows; from += sliceRows) {
    const to = Math.min(rows, from + sliceRows);
    const column = writeSlice(codec, field, from, to, where);
    yield (from === 0 ? "[" : ",") + column.text.slice(1, -1);
    for (const key of ["NaN", "Inf", "NegInf"] as const) {
      for (const index of column.entities?.[key] ?? []) entities[key].push(index + from);
    }
    nanos.push(column.nanos);
  }
  yield "]";
  const kept: Entities = {};
  for (const key of ["NaN", "Inf", "NegInf"] as const)
    if (entities[key].length > 0) kept[key] = entities[key];
  return {
    ...(Object.keys(kept).length > 0 && { entities: kept }),
    ...(nanos.some((n) => n !== undefined) && { nanos: allNanos(nanos, rows, sliceRows) }),
  };
}

/** Rows `from` to `to` of a field written by its codec; errors name the row in the whole field. */
function writeSlice(
  codec: JsonColumnCodec,
  field: Field,
  from: number,
  to: number,
  where: string,
): WrittenColumn {
  const view = { ...field, values: rowsOf(field.values, from, to) } as Field;
  const nanos = field.nanos === undefined ? undefined : rowsOf(field.nanos, from, to);
  try {
    return codec.write(nanos === undefined ? view : { ...view, nanos }, to - from, where);
  } catch (thrown) {
    if (thrown instanceof Error && thrown.message.startsWith(`${where} row `)) {
      const rest = thrown.message.slice(where.length + 5);
      const row = Number.parseInt(rest, 10);
      thrown.message = `${where} row ${row + from}${rest.slice(String(row).length)}`;
    }
    throw thrown;
  }
}

function rowsOf<T>(values: ArrayLike<T>, from: number, to: number): ArrayLike<T> {
  return ArrayBuffer.isView(values)
    ? ((values as unknown as Float64Array).subarray(from, to) as unknown as ArrayLike<T>)
    : Array.prototype.slice.call(values, from, to);
}

function allNanos(
  slices: readonly (readonly number[] | undefined)[],
  rows: number,
  sliceRows: number,
): number[] {
  const out: number[] = [];
  for (const slice of slices) {
    if (slice === undefined) for (let i = 0; i < sliceRows && out.length < rows; i++) out.push(0);
    else for (const ns of slice) out.push(ns);
  }
  return out;
}

function perField(columns: Extras[], textOf: (column: Extras) => string | undefined) {
  return `[${columns.map((column) => textOf(column) ?? "null").join(",")}]`;
}

function entitiesText(entities: Entities): string {
  const parts: string[] = [];
  for (const key of ["NaN", "Inf", "NegInf"] as const) {
    const indexes = entities[key];
    if (indexes !== undefined) parts.push(`"${key}":[${indexes.join(",")}]`);
  }
  return `{${parts.join(",")}}`;
}

const DATA_KEYS = new Set(["values", "entities", "nanos"]);

/**
 * Reads a parsed `data` object (or its absence) into fields with the given headers; with
 * `source`, the text it was parsed from, integers beyond 2^53 keep every digit.
 */
export function dataFromJSON(
  parsed: unknown,
  headers: readonly FieldHeader[],
  source?: FrameText,
): Field[] {
  const data = source ? exactData(parsed, source) : parsed;
  if (data === undefined || data === null)
    return headers.map((header, i) => readField(header, [], {}, i));
  if (!isPlainObject(data)) throw invalid("frame JSON data must be an object");
  for (const key of Object.keys(data)) {
    if (!DATA_KEYS.has(key))
      throw invalid(`frame JSON data has an unknown key ${JSON.stringify(key)}`);
  }
  const values = perFieldList(data.values, headers.length, "values", false);
  const entities = perFieldList(data.entities, headers.length, "entities", true);
  const nanos = perFieldList(data.nanos, headers.length, "nanos", true);
  const fields: Field[] = [];
  let rows: number | undefined;
  for (const [i, header] of headers.entries()) {
    const raw = values[i] ?? [];
    const where = fieldLabel(i, header.name);
    if (!Array.isArray(raw)) throw invalid(`frame JSON ${where}: values must be an array`);
    rows ??= raw.length;
    if (raw.length !== rows) {
      throw invalid(
        `frame JSON ${where} has ${raw.length} values but field 0 has ${rows}: all fields of a frame must have the same length`,
      );
    }
    fields.push(readField(header, raw, { entities: entities[i], nanos: nanos[i] }, i));
  }
  return fields;
}

/** A per-field list (`values`, `entities`, `nanos`); an empty `values` means zero rows. */
function perFieldList(list: unknown, fields: number, key: string, nullable: boolean): unknown[] {
  if (list === undefined || (nullable && list === null)) return [];
  if (!Array.isArray(list)) throw invalid(`frame JSON data.${key} must be an array`);
  if (list.length !== fields && list.length !== 0) {
    throw invalid(`frame JSON data.${key} has ${list.length} entries for ${fields} fields`);
  }
  return list;
}

function readField(
  header: FieldHeader,
  raw: readonly unknown[],
  extras: { entities?: unknown; nanos?: unknown },
  index: number,
): Field {
  const columnExtras = { entities: extras.entities, nanos: extras.nanos };
  const column = jsonColumns[header.type].read(raw, columnExtras, fieldLabel(index, header.name));
  return fieldOf(header, column);
}

/** The field a column read with this header makes. */
export function fieldOf(header: FieldHeader, column: ReadColumn): Field {
  // A null where the schema says non-nullable makes the field nullable (Go would read a zero).
  const field: Field = {
    ...header,
    nullable: header.nullable || column.hasNull,
    values: column.values,
  };
  return column.nanos === undefined ? field : { ...field, nanos: column.nanos };
}

/** Frame JSON text beside its plain parse, and the general exact parse of the whole text. */
export interface FrameText {
  readonly text: string;
  readonly exactDocument: () => unknown;
}

/** `data` as exactly as the text has it: from the exact parse when JSON.parse rounded integers. */
function exactData(data: unknown, source: FrameText): unknown {
  if (!hasUnsafeInteger(data)) return data;
  const document = source.exactDocument();
  return isPlainObject(document) ? document.data : data;
}
