import type { Field, Frame } from "../model/frame.js";
import type { FieldHeader } from "./frame-header.js";
import { fieldLabel, invalid, labelOf } from "./invalid.js";
import type { Entities, WrittenColumn } from "./json-column.js";
import { jsonColumns } from "./json-columns.js";
import { isPlainObject } from "./json-objects.js";
import { type FrameText, planText, wholeData } from "./json-text-data.js";

const NONE: ReadonlyMap<number, number> = new Map();

/** The `data` object text: `values`, then `entities` and `nanos` only when a field has some. */
export function dataToJSON(frame: Frame, rows: number): string {
  const columns = frame.fields.map((field, i) =>
    jsonColumns[field.type].write(field, rows, labelOf(field, i)),
  );
  let text = `{"values":[${columns.map((column) => column.text).join(",")}]`;
  if (columns.some((column) => column.entities !== undefined)) {
    text += `,"entities":${perField(columns, (column) => column.entities && entitiesText(column.entities))}`;
  }
  if (columns.some((column) => column.nanos !== undefined)) {
    text += `,"nanos":${perField(columns, (column) => column.nanos && `[${column.nanos.join(",")}]`)}`;
  }
  return `${text}}`;
}

function perField(columns: WrittenColumn[], textOf: (column: WrittenColumn) => string | undefined) {
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
  const { data, starts } = source
    ? planText(parsed, headers, source)
    : { data: parsed, starts: NONE };
  if (data === undefined || data === null)
    return headers.map((header) => readField(header, [], {}, 0) as Field);
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
    const start = starts.get(i);
    const text = source && start !== undefined ? { text: source.text, start } : undefined;
    const field = readField(header, raw, { entities: entities[i], nanos: nanos[i] }, i, text);
    // The text was not plain enough to read the column from: read the whole text exactly.
    if (field === undefined) return dataFromJSON(wholeData(parsed, source!), headers);
    fields.push(field);
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
  text?: { text: string; start: number },
): Field | undefined {
  const where = fieldLabel(index, header.name);
  const codec = jsonColumns[header.type];
  const columnExtras = { entities: extras.entities, nanos: extras.nanos };
  const column = text
    ? codec.readText?.(text, raw, columnExtras, where)
    : codec.read(raw, columnExtras, where);
  if (column === undefined) return undefined;
  // A null where the schema says non-nullable makes the field nullable (Go would read a zero).
  const field: Field = {
    ...header,
    nullable: header.nullable || column.hasNull,
    values: column.values,
  };
  return column.nanos === undefined ? field : { ...field, nanos: column.nanos };
}
