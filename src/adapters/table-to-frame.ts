/**
 * Legacy tables as frames: one frame per table, a field per column (table-columns.ts), the
 * table hint meta.preferredVisualisationType "table" (so the frontend shows a table and
 * framesToLegacy gives a table back), and a data-plane type: timeseries-long with a time
 * field (ascending) and a numeric field, numeric-long with a numeric field and no time field,
 * else none. frameToTable gives back exactly the same table.
 */
import type { Frame, FrameMeta, Notice } from "../model/frame.js";
import type { Table } from "../model/legacy.js";
import { badInput, describe } from "./bad-input.js";
import { checkTable } from "./check-table.js";
import { type DataPlaneType, dataPlaneMeta, tableHint } from "./frame-meta.js";
import { type Column, columnOf } from "./table-columns.js";

/** Converts one legacy table; throws ShimError(invalid_argument) naming the first bad part. */
export function tableToFrame(table: Table, options: { readonly path?: string } = {}): Frame {
  const at = options.path ?? "table";
  checkTable(table, at);
  const columns = table.columns.map((column, i) => columnOf(column.text, table.rows, i));
  const notices: Notice[] = columns.flatMap((column, i) =>
    column.notice === undefined
      ? []
      : [
          {
            severity: "info",
            text: `column ${i} ${JSON.stringify(column.field.name)} ${column.notice}`,
          },
        ],
  );
  if (columns.length === 0 && table.rows.length > 0) {
    // A frame without fields has no rows, so a table without columns loses its empty rows.
    notices.push({
      severity: "warning",
      text: `${table.rows.length} rows without cells dropped (a table without columns)`,
    });
  }
  const type = frameTypeOf(columns, notices);
  const meta: FrameMeta = {
    ...(type !== undefined && dataPlaneMeta(type)),
    ...tableHint,
    ...(notices.length > 0 && { notices }),
  };
  return { meta, fields: columns.map((column) => column.field) };
}

/** Converts each table with tableToFrame; `path` names the list (default "tables"). */
export function tablesToFrames(
  tables: readonly Table[],
  options: { readonly path?: string } = {},
): Frame[] {
  const at = options.path ?? "tables";
  if (!Array.isArray(tables))
    throw badInput(at, `must be an array of tables, not ${describe(tables)}`);
  return tables.map((table, i) => tableToFrame(table, { path: `${at}[${i}]` }));
}

function frameTypeOf(columns: readonly Column[], notices: Notice[]): DataPlaneType | undefined {
  const numeric = columns.some((column) => column.role === "numeric");
  const time = columns.findIndex((column) => column.role === "time");
  if (!numeric) return undefined;
  if (time < 0) return "numeric-long";
  const values = columns[time]!.field.values as readonly number[];
  const back = values.findIndex((ms, r) => r > 0 && ms < values[r - 1]!);
  if (back < 0) return "timeseries-long";
  const text = `column ${time} ${JSON.stringify(columns[time]!.field.name)} goes back in time at row ${back}, so the frame is not typed timeseries-long`;
  notices.push({ severity: "info", text });
  return undefined;
}
