/**
 * A frame apart from its values, as both formats carry it: name, refId and meta (in the
 * SDK's notice form), each field's name, type, labels (sorted JSON) and config (JSON).
 */

import { messageOf } from "../errors.js";
import { isPlainObject } from "../json-object.js";
import type { FieldConfig, FieldType, FrameMeta, Labels } from "../model/frame.js";
import { invalid } from "./invalid.js";

/** A frame without its fields, as a schema describes it. */
export interface FrameHeader {
  name: string;
  refId: string;
  meta?: FrameMeta;
}

/** A field without its values, as a schema describes it. */
export interface FieldHeader {
  name: string;
  type: FieldType;
  nullable: boolean;
  labels?: Labels;
  config?: FieldConfig;
}

// FrameMeta as the SDK puts it on the wire: Go's Notice.Inspect is an int without JSON
// names (1 meta, 2 error, 3 data, 4 stats; 0 is left out), and Go writes every notice's
// severity (its zero value is "info"). Everything else in meta travels as it is.
const INSPECT = ["", "meta", "error", "data", "stats"];

function mapNotices(meta: FrameMeta, map: (notice: Record<string, unknown>) => unknown): FrameMeta {
  if (!Array.isArray(meta.notices)) return meta;
  const notices = meta.notices.map((notice: unknown) =>
    isPlainObject(notice) ? map(notice) : notice,
  );
  return { ...meta, notices } as FrameMeta;
}

/** The meta to serialize: inspect names become the SDK's numbers, severity defaults to info. */
export function metaToWire(meta: FrameMeta): FrameMeta {
  return mapNotices(meta, (notice) => {
    const index = typeof notice.inspect === "string" ? INSPECT.indexOf(notice.inspect) : -1;
    const severity = notice.severity ?? "info";
    return index > 0 ? { severity, ...notice, inspect: index } : { severity, ...notice };
  });
}

/** The meta read from the wire: inspect numbers become names (0, "none", is left out). */
export function metaFromWire(meta: Record<string, unknown>): FrameMeta {
  return mapNotices(meta as FrameMeta, (notice) => {
    if (typeof notice.inspect !== "number") return notice;
    const { inspect, ...rest } = notice;
    const named = INSPECT[inspect] ?? inspect;
    return named === "" ? rest : { ...notice, inspect: named };
  });
}

/** Checks that labels map strings to strings; `what` names them in errors. */
export function checkLabels(labels: unknown, what: string): Labels {
  if (!isPlainObject(labels)) throw invalid(`${what} must be an object of strings`);
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== "string") {
      throw invalid(`${what}: label ${JSON.stringify(key)} must be a string`);
    }
  }
  return labels as Labels;
}

/** Labels as JSON with sorted keys, as Go writes a map. */
export function labelsToJSON(labels: Labels, where: string): string {
  const checked = checkLabels(labels, `${where} labels`);
  // fromEntries defines own properties, so a "__proto__" label stays a label.
  const sorted = Object.fromEntries(
    Object.entries(checked).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify(sorted);
}

/** Parses JSON text that must hold an object (frame meta, field config). */
export function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (thrown) {
    throw invalid(`${what} is not valid JSON: ${messageOf(thrown)}`);
  }
  if (!isPlainObject(value)) throw invalid(`${what} must be a JSON object`);
  return value;
}

export function parseLabels(text: string, what: string): Labels {
  return checkLabels(parseObject(text, what), what);
}

/** JSON text of an object the caller supplied (meta, config), as an invalid_argument on failure. */
export function stringify(value: unknown, what: string): string {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  } catch (thrown) {
    throw invalid(`${what} cannot be written as JSON: ${messageOf(thrown)}`);
  }
  throw invalid(`${what} cannot be written as JSON`);
}
