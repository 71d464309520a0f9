/** The `schema` object of frame JSON: the frame's name, refId and meta and each field's header. */
import { withoutBigints } from "../../exact-json.js";
import { isPlainObject } from "../../json-object.js";
import type { Field, FieldConfig, FieldType, Frame } from "../../model/frame.js";
import {
  type FrontendType,
  fieldTypeFromGoName,
  fieldTypeNames,
  fieldTypeOfFrontend,
} from "../field-types.js";
import type { FieldHeader, FrameHeader } from "../frame-header.js";
import { checkLabels, labelsToJSON, metaFromWire, metaToWire, stringify } from "../frame-header.js";
import { fieldLabel, invalid, labelOf } from "../invalid.js";

/** The `schema` object text, keys in the SDK's order; empty name/refId are left out. */
export function schemaToJSON(frame: Frame): string {
  const parts: string[] = [];
  if (frame.name) parts.push(`"name":${JSON.stringify(frame.name)}`);
  if (frame.refId) parts.push(`"refId":${JSON.stringify(frame.refId)}`);
  if (frame.meta !== undefined) {
    parts.push(`"meta":${stringify(metaToWire(frame.meta), "frame meta")}`);
  }
  parts.push(`"fields":[${frame.fields.map(fieldSchemaToJSON).join(",")}]`);
  return `{${parts.join(",")}}`;
}

function fieldSchemaToJSON(field: Field, index: number): string {
  const where = labelOf(field, index);
  const names = fieldTypeNames[field.type];
  const parts: string[] = [];
  if (field.name) parts.push(`"name":${JSON.stringify(field.name)}`);
  parts.push(`"type":"${names.frontend}"`);
  const nullable = field.nullable ? `,"nullable":true` : "";
  parts.push(`"typeInfo":{"frame":"${names.goName}"${nullable}}`);
  if (field.labels !== undefined) parts.push(`"labels":${labelsToJSON(field.labels, where)}`);
  if (field.config !== undefined)
    parts.push(`"config":${stringify(field.config, `${where} config`)}`);
  return `{${parts.join(",")}}`;
}

export interface ReadSchema {
  readonly header: FrameHeader;
  readonly fields: readonly FieldHeader[];
}

/** Reads a parsed `schema` object: frame name/refId/meta and each field's header. */
export function schemaFromJSON(schema: unknown): ReadSchema {
  if (!isPlainObject(schema)) throw invalid("frame JSON schema must be an object");
  const header: FrameHeader = {
    name: optionalString(schema.name, "frame JSON schema.name"),
    refId: optionalString(schema.refId, "frame JSON schema.refId"),
  };
  const meta = optionalObject(schema.meta, "frame JSON schema.meta");
  if (meta !== undefined) header.meta = metaFromWire(meta);
  const fields = schema.fields ?? [];
  if (!Array.isArray(fields)) throw invalid("frame JSON schema.fields must be an array");
  return { header, fields: fields.map(fieldFromJSON) };
}

function fieldFromJSON(field: unknown, index: number): FieldHeader {
  const at = `frame JSON schema.fields[${index}]`;
  if (!isPlainObject(field)) throw invalid(`${at} must be an object`);
  const name = optionalString(field.name, `${at}.name`);
  const where = `frame JSON ${fieldLabel(index, name)}`;
  const { type, nullable } = typeOf(field, where);
  const header: FieldHeader = { name, type, nullable };
  if (field.labels !== undefined && field.labels !== null) {
    header.labels = checkLabels(withoutBigints(field.labels), `${where} labels`);
  }
  const config = optionalObject(field.config, `${where} config`);
  if (config !== undefined) header.config = config as FieldConfig;
  return header;
}

function typeOf(
  field: Record<string, unknown>,
  where: string,
): { type: FieldType; nullable: boolean } {
  const typeInfo = field.typeInfo;
  if (typeInfo === undefined || typeInfo === null) {
    // Frontend-made JSON may carry only the frontend type: take the SDK's widest match.
    if (typeof field.type === "string" && Object.hasOwn(fieldTypeOfFrontend, field.type)) {
      return { type: fieldTypeOfFrontend[field.type as FrontendType], nullable: false };
    }
    throw invalid(`${where} has neither typeInfo.frame nor a known type`);
  }
  if (!isPlainObject(typeInfo)) throw invalid(`${where} typeInfo must be an object`);
  const goName = typeInfo.frame;
  const type = typeof goName === "string" ? fieldTypeFromGoName(goName) : undefined;
  if (type === undefined) {
    throw invalid(`${where}: unknown typeInfo.frame ${JSON.stringify(goName) ?? "undefined"}`);
  }
  const nullable = typeInfo.nullable ?? false;
  if (typeof nullable !== "boolean") throw invalid(`${where} typeInfo.nullable must be a boolean`);
  return { type, nullable };
}

function optionalString(value: unknown, what: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw invalid(`${what} must be a string`);
  return value;
}

function optionalObject(value: unknown, what: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw invalid(`${what} must be an object`);
  return withoutBigints(value) as Record<string, unknown>;
}
