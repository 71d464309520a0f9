/**
 * Frames as Grafana 8+ frame JSON (grafana-plugin-sdk-go data/frame_json.go), the format of
 * `/api/ds/query` responses and of JSON-encoded DataResponses.
 */
import { exactFromPlain, parseJsonExact, parseJsonPlain } from "../../exact-json.js";
import { isPlainObject } from "../../json-object.js";
import type { Frame } from "../../model/frame.js";
import { frameRowCount } from "../frame-check.js";
import { invalid, withFrameIndex } from "../invalid.js";
import { dataFromJSON, dataJSONParts, type FrameText, PART_ROWS } from "./data.js";
import { frameFromText } from "./frame-text.js";
import { schemaFromJSON, schemaToJSON } from "./schema.js";

/**
 * Writes a frame as `{"schema":…,"data":…}` with the SDK's key order: values column-major,
 * time as epoch ms plus `nanos`, 64-bit integers with every digit, NaN/±Inf as null plus
 * `entities`. Throws ShimError(invalid_argument) for a malformed frame.
 */
export function frameToJSON(frame: Frame): string {
  // Whole columns: slicing them would only add copies to a text that is joined anyway.
  return Array.from(frameParts(frame, Number.POSITIVE_INFINITY)).join("");
}

/**
 * The text of frameToJSON in pieces (a long column a slice of rows at a time), for writers
 * that send large answers without holding them as one string. A malformed frame throws
 * while the pieces are read, before the last one.
 */
export function frameJSONParts(frame: Frame): Generator<string> {
  return frameParts(frame, PART_ROWS);
}

function* frameParts(frame: Frame, sliceRows: number): Generator<string> {
  const rows = frameRowCount(frame);
  yield `{"schema":${schemaToJSON(frame)},"data":`;
  yield* dataJSONParts(frame, rows, sliceRows);
  yield "}";
}

/**
 * Reads frame JSON, given as text (64-bit integers stay exact) or as an already parsed
 * value (integers beyond 2^53 have then lost digits). `schema` must come before `data`, as
 * Grafana's Go reader requires; fields without typeInfo fall back to their frontend `type`.
 * Throws ShimError(invalid_argument) naming what is wrong.
 */
export function frameFromJSON(input: string | unknown): Frame {
  if (typeof input !== "string") return frameFromDocument(input);
  const read = frameFromText(input);
  if (read !== undefined) return read;
  const plain = parseJsonPlain(input, "frame JSON");
  return frameFromDocument(plain, {
    text: input,
    exactDocument: () => exactFromPlain(input, plain, "frame JSON"),
  });
}

/** Writes a JSON array of frames (the `frames` of an /api/ds/query result). */
export function framesToJSON(frames: readonly Frame[]): string {
  return `[${frames.map((frame, i) => withFrameIndex(i, () => frameToJSON(frame))).join(",")}]`;
}

/** Reads a JSON array of frames, as text or parsed; errors name the frame's index. */
export function framesFromJSON(input: string | unknown): Frame[] {
  const list = typeof input === "string" ? parseJsonExact(input, "frames JSON") : input;
  if (!Array.isArray(list)) throw invalid("frames JSON must be an array of frames");
  return list.map((frame, i) => withFrameIndex(i, () => frameFromDocument(frame)));
}

/** A frame from its parsed JSON; `source` is the text that JSON.parse read it from. */
function frameFromDocument(document: unknown, source?: FrameText): Frame {
  if (!isPlainObject(document)) throw invalid("frame JSON must be an object with schema and data");
  const keys = Object.keys(document);
  for (const key of keys) {
    if (key !== "schema" && key !== "data") {
      throw invalid(`frame JSON has an unknown key ${JSON.stringify(key)} (expected schema, data)`);
    }
  }
  if (!keys.includes("schema")) throw invalid("frame JSON has no schema");
  if (keys[0] === "data") {
    throw invalid("frame JSON has data before schema: Grafana's Go reader needs schema first");
  }
  const { header, fields } = schemaFromJSON(document.schema);
  const frame: Frame = {
    name: header.name,
    refId: header.refId,
    fields: dataFromJSON(document.data, fields, source),
  };
  return header.meta === undefined ? frame : { ...frame, meta: header.meta };
}
