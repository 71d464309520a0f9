/** Validation of legacy tables, naming the position of the first problem. */
import { isPlainObject } from "../json-object.js";
import type { Table } from "../model/legacy.js";
import { badInput, describe } from "./bad-input.js";
import { cellKindOf } from "./legacy-cells.js";

/** Returns the table when it is well-formed; throws ShimError(invalid_argument) otherwise. */
export function checkTable(value: unknown, at: string): Table {
  if (!isPlainObject(value))
    throw badInput(at, `must be a table object {columns, rows}, not ${describe(value)}`);
  const { columns, rows } = value;
  if (!Array.isArray(columns)) {
    throw badInput(`${at}.columns`, `must be an array of {text} objects, not ${describe(columns)}`);
  }
  for (let c = 0; c < columns.length; c++) {
    const column: unknown = columns[c];
    if (!isPlainObject(column) || typeof column.text !== "string") {
      throw badInput(
        `${at}.columns[${c}]`,
        `must be an object with a string text, not ${describe(column)}`,
      );
    }
  }
  if (!Array.isArray(rows))
    throw badInput(`${at}.rows`, `must be an array of rows, not ${describe(rows)}`);
  for (let r = 0; r < rows.length; r++) checkRow(rows[r], columns.length, `${at}.rows[${r}]`);
  return value as unknown as Table;
}

function checkRow(row: unknown, width: number, at: string): void {
  if (!Array.isArray(row)) throw badInput(at, `must be an array of cells, not ${describe(row)}`);
  if (row.length !== width) {
    throw badInput(at, `has ${row.length} cells but the table has ${width} columns`);
  }
  for (let c = 0; c < width; c++) {
    const cell: unknown = row[c];
    if (cellKindOf(cell) === undefined) throw badInput(`${at}[${c}]`, cellProblem(cell));
  }
}

function cellProblem(cell: unknown): string {
  if (typeof cell === "bigint") return `${cell} does not fit int64`;
  return `${describe(cell)} is not a table cell (number, bigint, boolean, string, Uint8Array or null)`;
}
