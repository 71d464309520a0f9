/** Validation of frames handed to the legacy converters, naming the position of a problem. */
import { isPlainObject } from "../json-object.js";
import { badInput, describe } from "./bad-input.js";
import { isKnownType } from "./time-series-schema.js";

/** Checks the frame's shape and returns its row count; throws ShimError(invalid_argument). */
export function checkFrame(frame: unknown, at: string): number {
  if (!isPlainObject(frame) || !Array.isArray(frame.fields)) {
    throw badInput(at, `must be a frame object with a fields array, not ${describe(frame)}`);
  }
  if (frame.meta !== undefined) checkMeta(frame.meta, `${at}.meta`);
  let rows: number | undefined;
  frame.fields.forEach((field: unknown, i) => {
    const where = `${at}.fields[${i}]`;
    const length = checkField(field, where);
    if (rows !== undefined && length !== rows) {
      throw badInput(where, `has ${length} values but the frame's other fields have ${rows}`);
    }
    rows = length;
  });
  return rows ?? 0;
}

function checkField(field: unknown, at: string): number {
  if (!isPlainObject(field)) throw badInput(at, `must be a field object, not ${describe(field)}`);
  if (typeof field.name !== "string")
    throw badInput(`${at}.name`, `must be a string, not ${describe(field.name)}`);
  if (typeof field.type !== "string" || !isKnownType(field.type)) {
    throw badInput(`${at}.type`, `${describe(field.type)} is not a frame field type`);
  }
  if (field.labels !== undefined) checkLabels(field.labels, `${at}.labels`);
  if (field.config !== undefined && !isPlainObject(field.config)) {
    throw badInput(`${at}.config`, `must be an object, not ${describe(field.config)}`);
  }
  const values = field.values as { length?: unknown } | null | undefined;
  const length = values?.length;
  if (typeof length !== "number" || typeof values !== "object") {
    throw badInput(`${at}.values`, "must be an array or typed array");
  }
  return length;
}

function checkLabels(labels: unknown, at: string): void {
  if (!isPlainObject(labels))
    throw badInput(at, `must be an object of strings, not ${describe(labels)}`);
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== "string")
      throw badInput(`${at}[${JSON.stringify(key)}]`, `must be a string, not ${describe(value)}`);
  }
}

function checkMeta(meta: unknown, at: string): void {
  if (!isPlainObject(meta)) throw badInput(at, `must be an object, not ${describe(meta)}`);
  const notices = meta.notices;
  if (notices === undefined) return;
  if (!Array.isArray(notices))
    throw badInput(`${at}.notices`, `must be an array, not ${describe(notices)}`);
  notices.forEach((notice: unknown, i) => {
    if (!isPlainObject(notice) || typeof notice.text !== "string") {
      throw badInput(
        `${at}.notices[${i}]`,
        `must be a notice {severity, text}, not ${describe(notice)}`,
      );
    }
  });
}
