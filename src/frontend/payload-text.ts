/**
 * The query's additional JSON as text in the editor and back: `payload` (simPod servers and
 * forks) or the old `data` key, whichever the query has; a value stored as JSON text stays text.
 */
import type { SimpleJsonQuery } from "./types";

export type PayloadKey = "payload" | "data";

export function payloadKeyOf(query: SimpleJsonQuery): PayloadKey {
  return query.payload === undefined && query.data !== undefined ? "data" : "payload";
}

export function payloadText(query: SimpleJsonQuery): string {
  const value = query[payloadKeyOf(query)];
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

export type PayloadEdit =
  | { readonly ok: true; readonly query: SimpleJsonQuery }
  | { readonly ok: false; readonly error: string };

/** The query with the edited text in it, or why the text is not JSON. */
export function withPayloadText(query: SimpleJsonQuery, text: string): PayloadEdit {
  const key = payloadKeyOf(query);
  const { [key]: _old, ...rest } = query;
  if (text.trim() === "") return { ok: true, query: rest };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (thrown) {
    return { ok: false, error: `not JSON: ${thrown instanceof Error ? thrown.message : thrown}` };
  }
  return { ok: true, query: { ...rest, [key]: typeof query[key] === "string" ? text : value } };
}
