/**
 * Reads frame JSON as the Go SDK writes it (data/frame_json.go) into the canonical form,
 * independently of the shim's own JSON codec.
 */
import { type CanonField, type CanonFrame, canonCell, canonMeta } from "./canonical.js";
import { canonicalJson, type JsonValue, parseLossless } from "./lossless-json.js";

type JsonObject = { [key: string]: JsonValue };

function asObject(value: JsonValue | undefined, what: string): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`frame JSON: ${what} is not an object`);
  }
  return value;
}

function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

/** The canonical frame that SDK-style frame JSON (text or parsed) describes. */
export function canonFromSdkJson(json: string | JsonValue): CanonFrame {
  const frame = asObject(typeof json === "string" ? parseLossless(json) : json, "frame");
  const schema = asObject(frame.schema, "schema");
  const data = frame.data === undefined ? {} : asObject(frame.data, "data");
  const values = asArray(data.values);
  const entities = asArray(data.entities);
  const nanos = asArray(data.nanos);
  return {
    name: typeof schema.name === "string" ? schema.name : "",
    refId: typeof schema.refId === "string" ? schema.refId : "",
    meta: canonMeta(schema.meta),
    fields: asArray(schema.fields).map((field, i) =>
      canonField(asObject(field, `field ${i}`), asArray(values[i]), entities[i], asArray(nanos[i])),
    ),
  };
}

function canonField(
  field: JsonObject,
  column: JsonValue[],
  entity: JsonValue | undefined,
  nanos: JsonValue[],
): CanonField {
  const typeInfo = asObject(field.typeInfo, "typeInfo");
  const type = String(typeInfo.frame);
  const special = entityByRow(entity);
  return {
    name: typeof field.name === "string" ? field.name : "",
    type,
    nullable: typeInfo.nullable === true,
    labels: field.labels === undefined ? undefined : canonicalJson(field.labels),
    config: field.config === undefined ? undefined : canonicalJson(field.config),
    cells: column.map((value, row) => {
      const kind = special.get(row);
      if (value === null && kind === undefined) return "null";
      return canonCell(type, value, Number(nanos[row] ?? 0), kind);
    }),
  };
}

function entityByRow(entity: JsonValue | undefined): Map<number, string> {
  const rows = new Map<number, string>();
  if (
    entity === null ||
    entity === undefined ||
    typeof entity !== "object" ||
    Array.isArray(entity)
  )
    return rows;
  for (const [kind, list] of Object.entries(entity)) {
    for (const row of asArray(list)) rows.set(Number(row), kind);
  }
  return rows;
}
