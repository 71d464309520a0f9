import type { Labels } from "../model/frame.js";
import { invalid, messageOf } from "./invalid.js";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
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

export { isPlainObject };
