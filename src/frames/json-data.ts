import type { Field, Frame } from "../model/frame.js";
import type { FieldHeader } from "./frame-header.js";
import { fieldLabel, invalid, labelOf } from "./invalid.js";
import type { Entities, WrittenColumn } from "./json-column.js";
import { jsonColumns } from "./json-columns.js";
import { isPlainObject } from "./json-objects.js";

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

/** Reads a parsed `data` object (or its absence) into fields with the given headers. */
export function dataFromJSON(data: unknown, headers: readonly FieldHeader[]): Field[] {
  if (data === undefined || data === null)
    return headers.map((header) => readField(header, [], {}, 0));
  if (!isPlainObject(data)) throw invalid("frame JSON data must be an object");
  for (const key of Object.keys(data)) {
    if (!DATA_KEYS.has(key))
      throw invalid(`frame JSON data has an unknown key ${JSON.stringify(key)}`);
  }
  const values = perFieldList(data.values, headers.length, "values", false);
  const entities = perFieldList(data.entities, headers.length, "entities", true);
  const nanos = perFieldList(data.nanos, headers.length, "nanos", true);
  let rows: number | undefined;
  return headers.map((header, i) => {
    const raw = values[i] ?? [];
    const where = fieldLabel(i, header.name);
    if (!Array.isArray(raw)) throw invalid(`frame JSON ${where}: values must be an array`);
    rows ??= raw.length;
    if (raw.length !== rows) {
      throw invalid(
        `frame JSON ${where} has ${raw.length} values but field 0 has ${rows}: all fields of a frame must have the same length`,
      );
    }
    return readField(header, raw, { entities: entities[i], nanos: nanos[i] }, i);
  });
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
  const where = fieldLabel(index, header.name);
  const column = jsonColumns[header.type].read(
    raw,
    { entities: extras.entities, nanos: extras.nanos },
    where,
  );
  // A null where the schema says non-nullable makes the field nullable (Go would read a zero).
  const field: Field = {
    ...header,
    nullable: header.nullable || column.hasNull,
    values: column.values,
  };
  return column.nanos === undefined ? field : { ...field, nanos: column.nanos };
}
