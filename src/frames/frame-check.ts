import type { Field, Frame } from "../model/frame.js";
import { fieldTypeNames } from "./field-types.js";
import { invalid, labelOf } from "./invalid.js";

/** Checks the frame's shape (known types, equal lengths, nanos) and returns its row count. */
export function frameRowCount(frame: Frame): number {
  if (frame === null || typeof frame !== "object" || !Array.isArray(frame.fields)) {
    throw invalid("frame must be an object with a fields array");
  }
  checkOptionalString(frame.name, "frame name");
  checkOptionalString(frame.refId, "frame refId");
  let rows: number | undefined;
  let first = "";
  frame.fields.forEach((field: Field, index) => {
    const where = labelOf(field, index);
    const length = checkField(field, where);
    if (rows === undefined) {
      rows = length;
      first = where;
    } else if (length !== rows) {
      throw invalid(
        `${where} has ${length} values but ${first} has ${rows}: all fields of a frame must have the same length`,
      );
    }
  });
  return rows ?? 0;
}

function checkField(field: Field, where: string): number {
  if (field === null || typeof field !== "object") throw invalid(`${where} is not an object`);
  if (typeof field.name !== "string") throw invalid(`${where}: name must be a string`);
  if (!Object.hasOwn(fieldTypeNames, field.type)) {
    throw invalid(`${where}: unknown field type ${JSON.stringify(field.type)}`);
  }
  const length = lengthOf(field.values);
  if (length === undefined) throw invalid(`${where}: values must be an array or typed array`);
  if (field.nanos !== undefined) {
    if (field.type !== "time") throw invalid(`${where}: nanos is only allowed on time fields`);
    if (lengthOf(field.nanos) !== length) {
      throw invalid(`${where}: nanos must have one entry per value (${length})`);
    }
  }
  return length;
}

function lengthOf(values: unknown): number | undefined {
  if (values === null || typeof values !== "object") return undefined;
  const length = (values as { length?: unknown }).length;
  return typeof length === "number" && Number.isSafeInteger(length) && length >= 0
    ? length
    : undefined;
}

function checkOptionalString(value: unknown, what: string): void {
  if (value !== undefined && typeof value !== "string") throw invalid(`${what} must be a string`);
}
