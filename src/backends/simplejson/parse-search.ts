/**
 * A `/search` answer (`["a", …]` or `[{text, value}, …]`) as the table the old plugin answered:
 * a `text` column, plus `value` when any item has one. Values keep their JSON type (the old
 * plugin read them as int64, so text values became 0); a plain string's value is itself.
 */
import { tableToFrame } from "../../adapters/table-to-frame.js";
import { isPlainObject } from "../../json-object.js";
import type { Frame } from "../../model/frame.js";
import type { Cell } from "../../model/legacy.js";
import { kindOf, ShapeError } from "./parse-query.js";

export function searchFrame(value: unknown): Frame {
  if (!Array.isArray(value)) {
    throw new ShapeError(
      `the answer must be an array of strings or {text, value}, not ${kindOf(value)}`,
    );
  }
  const rows = value.map((item: unknown, i): [Cell, Cell] => {
    if (typeof item === "string" || typeof item === "number") return [String(item), item];
    if (isPlainObject(item) && (typeof item.text === "string" || typeof item.text === "number")) {
      return [String(item.text), scalar(item.value ?? item.text, `[${i}].value`)];
    }
    throw new ShapeError(`[${i}]: must be a string or {text, value}, not ${kindOf(item)}`);
  });
  const withValues = value.some((item: unknown) => isPlainObject(item));
  const columns = withValues ? [{ text: "text" }, { text: "value" }] : [{ text: "text" }];
  return tableToFrame({ columns, rows: rows.map((row) => (withValues ? row : [row[0]])) });
}

function scalar(value: unknown, at: string): Cell {
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  ) {
    return value;
  }
  throw new ShapeError(`${at}: must be a string or number, not ${kindOf(value)}`);
}
