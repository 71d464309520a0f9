/**
 * A frame as a legacy table: a column per field (text = field name), a row per frame row,
 * cells by field type: time → epoch ms (double), integers → int64 (bigint), floats →
 * double, string, bool, json → its RowValue cell or JSON scalar (objects and arrays as JSON
 * text), enum → its index. What a table cannot hold (labels, config, sub-ms time, uint64
 * beyond int64) is reported.
 */
import type { Frame } from "../model/frame.js";
import type { Cell, Table } from "../model/legacy.js";
import { checkFrame } from "./check-frame.js";
import { Tally, tableCells } from "./field-cells.js";
import { collect, configLoss, fieldAt, labelsLoss, nanosLoss } from "./field-losses.js";

export interface TableConversion {
  readonly table: Table;
  readonly warnings: string[];
}

/** Converts one frame to a table; `path` names the frame in messages (default "frame"). */
export function frameToTable(
  frame: Frame,
  options: { readonly path?: string } = {},
): TableConversion {
  const at = options.path ?? "frame";
  const rowCount = checkFrame(frame, at);
  const warnings: string[] = [];
  const rows: Cell[][] = Array.from({ length: rowCount }, () => []);
  frame.fields.forEach((field, c) => {
    const where = fieldAt(at, c, field);
    const toCell = tableCells[field.type];
    const tally = new Tally();
    for (let r = 0; r < rowCount; r++) {
      const value = field.values[r];
      rows[r]!.push(
        value === null || value === undefined
          ? null
          : toCell(value, `${where}.values[${r}]`, tally),
      );
    }
    const enumLoss = field.type === "enum" ? "enum indexes written as numbers" : undefined;
    collect(
      warnings,
      where,
      ...tally.lines(),
      labelsLoss(field, "tables have no labels"),
      configLoss(field),
      nanosLoss(field),
      enumLoss,
    );
  });
  return {
    table: { columns: frame.fields.map((field) => ({ text: field.name })), rows },
    warnings,
  };
}
