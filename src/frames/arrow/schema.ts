/**
 * A frame's header in Arrow schema metadata (name, refId, meta) and field metadata (tstype,
 * labels, config), and the field type of each Arrow type: written as the SDK writes them,
 * read as current and older SDKs wrote them.
 */
import { Field as ArrowField, DataType, Precision, type Schema } from "apache-arrow";
import type { Field, FieldType, Frame } from "../../model/frame.js";
import { fieldTypeNames } from "../field-types.js";
import {
  type FieldHeader,
  type FrameHeader,
  labelsToJSON,
  metaFromWire,
  metaToWire,
  parseLabels,
  parseObject,
  stringify,
} from "../frame-header.js";
import { invalid, labelOf } from "../invalid.js";
import { arrowCodecs } from "./codecs.js";

/** Schema metadata as the SDK writes it: `meta` only when set, `name` and `refId` always. */
export function schemaMetadataOf(frame: Frame): Map<string, string> {
  const metadata = new Map<string, string>();
  if (frame.meta !== undefined) {
    metadata.set("meta", stringify(metaToWire(frame.meta), "frame meta"));
  }
  metadata.set("name", frame.name ?? "");
  metadata.set("refId", frame.refId ?? "");
  return metadata;
}

/** The Arrow field for a frame field: its type, nullable flag, tstype, labels and config. */
export function arrowFieldOf(field: Field, index: number): ArrowField {
  const where = labelOf(field, index);
  const metadata = new Map<string, string>();
  if (field.config !== undefined)
    metadata.set("config", stringify(field.config, `${where} config`));
  if (field.labels !== undefined) metadata.set("labels", labelsToJSON(field.labels, where));
  metadata.set("tstype", fieldTypeNames[field.type].frontend);
  return new ArrowField(field.name, arrowCodecs[field.type].arrowType(), field.nullable, metadata);
}

/** Name, refId and meta from the schema metadata (absent keys read as empty). */
export function frameHeaderOf(schema: Schema): FrameHeader {
  const header: FrameHeader = {
    name: schema.metadata.get("name") ?? "",
    refId: schema.metadata.get("refId") ?? "",
  };
  const meta = schema.metadata.get("meta");
  if (meta !== undefined)
    header.meta = metaFromWire(parseObject(meta, "Arrow schema metadata meta"));
  return header;
}

// SDKs before v0.47 prefixed Arrow field names with "<index>🦥: " (in `name` metadata too);
// only legacy fields (no `tstype`, SDK < v0.146) can carry it, a current field may be so named.
function fieldNameOf(field: ArrowField, index: number): string {
  const name = field.name ?? ""; // a garbled or foreign file may leave it out: read it as empty
  const prefix = `${index}🦥: `;
  return !field.metadata.has("tstype") && name.startsWith(prefix)
    ? name.slice(prefix.length)
    : name;
}

/** The frame field header of an Arrow field, accepting current and legacy SDK metadata. */
export function fieldHeaderOf(field: ArrowField, index: number): FieldHeader {
  const metadata = field.metadata;
  const name = fieldNameOf(field, index);
  const where = labelOf({ name }, index);
  const type = fieldTypeOfArrow(field.type as DataType, metadata.get("tstype"));
  if (type === undefined) {
    throw invalid(`Arrow ${where}: unsupported Arrow type ${String(field.type)}`);
  }
  const header: FieldHeader = { name, type, nullable: field.nullable };
  const labels = metadata.get("labels");
  if (labels !== undefined) header.labels = parseLabels(labels, `Arrow ${where} labels`);
  const config = metadata.get("config");
  if (config !== undefined) header.config = parseObject(config, `Arrow ${where} config`);
  return header;
}

/** Frame field types by Arrow type key; anything else (Dictionary, List, Decimal…) is unsupported. */
const fieldTypeByArrow: Readonly<Record<string, FieldType>> = {
  int8: "int8",
  int16: "int16",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "uint16",
  uint32: "uint32",
  uint64: "uint64",
  float32: "float32",
  float64: "float64",
  utf8: "string",
  binary: "json",
  bool: "bool",
  timestamp: "time",
};

function arrowKey(type: DataType): string {
  if (DataType.isInt(type)) return `${type.isSigned ? "int" : "uint"}${type.bitWidth}`;
  if (DataType.isFloat(type)) {
    return type.precision === Precision.SINGLE
      ? "float32"
      : type.precision === Precision.DOUBLE
        ? "float64"
        : "float16";
  }
  // Large and view layouts (newer writers) are read as the plain ones.
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) {
    return "utf8";
  }
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isBinaryView(type)) {
    return "binary";
  }
  if (DataType.isBool(type)) return "bool";
  if (DataType.isTimestamp(type)) return "timestamp";
  return "unsupported";
}

/** The frame field type of an Arrow type; uint16 with tstype "enum" is an enum. */
export function fieldTypeOfArrow(
  type: DataType,
  tstype: string | undefined,
): FieldType | undefined {
  const fieldType = fieldTypeByArrow[arrowKey(type)];
  return fieldType === "uint16" && tstype === "enum" ? "enum" : fieldType;
}
