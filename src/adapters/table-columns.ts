/**
 * The frame field of one legacy table column, its type inferred from the cells: all double →
 * float64, all int64 → int64, bool → bool, string → string, bytes → json of RowValue objects
 * (frames have no bytes type), several kinds → json (plain JSON values where exact, RowValue
 * objects for the rest); null cells make the field nullable; a column without any value is
 * nullable float64. A column named time or date (as Grafana's frontend guesses) whose cells
 * are all whole-millisecond doubles that frames can hold (±2^63 ns) becomes a time field.
 */
import type { Field } from "../model/frame.js";
import type { Cell } from "../model/legacy.js";
import { frameTimeLimitMs } from "./check-series.js";
import {
  type CellKind,
  cellKindOf,
  cellToJSON,
  kindCodecs,
  rowValueToJSON,
} from "./legacy-cells.js";

export type ColumnRole = "time" | "numeric" | "other";

export interface Column {
  readonly field: Field;
  readonly role: ColumnRole;
  /** Why the column looks unusual in frames, for an info notice. */
  readonly notice?: string;
}

interface KindColumn {
  readonly role: ColumnRole;
  readonly value: (cell: never) => unknown;
  readonly notice?: string;
}

const same = (cell: unknown) => cell;

const uniform: Readonly<Record<CellKind, KindColumn>> = {
  double: { role: "numeric", value: same },
  int64: { role: "numeric", value: same },
  bool: { role: "other", value: same },
  string: { role: "other", value: same },
  bytes: {
    role: "other",
    value: rowValueToJSON,
    notice:
      'holds bytes: kept as a json field of protocol-1 RowValue objects {"kind":"TYPE_BYTES","bytesValue":<base64>}',
  },
};

const timeName = /^(?:time|date)$/i;

// -0 would come back as 0 from int64 nanoseconds: such a column stays float64.
const isFrameTime = (cell: Cell) =>
  Number.isInteger(cell) && Math.abs(cell as number) <= frameTimeLimitMs && !Object.is(cell, -0);

export function columnOf(name: string, rows: readonly (readonly Cell[])[], index: number): Column {
  const cells = rows.map((row) => row[index] ?? null);
  const kinds = new Set(cells.map(cellKindOf));
  const nullable = kinds.delete("null");
  const base = { name, nullable };
  if (kinds.size === 0)
    return { role: "other", field: { ...base, type: "float64", values: cells as null[] } };
  if (kinds.size > 1) return mixed(base, cells, [...kinds] as CellKind[]);
  const kind = [...kinds][0] as CellKind;
  if (kind === "double" && !nullable && timeName.test(name) && cells.every(isFrameTime)) {
    return { role: "time", field: { ...base, type: "time", values: cells as number[] } };
  }
  const column = uniform[kind];
  const values = cells.map((cell) => (cell === null ? null : column.value(cell as never)));
  const field = { ...base, type: kindCodecs[kind].fieldType, values } as Field;
  return column.notice === undefined
    ? { role: column.role, field }
    : { role: column.role, field, notice: column.notice };
}

function mixed(
  base: { name: string; nullable: boolean },
  cells: readonly Cell[],
  kinds: readonly CellKind[],
): Column {
  return {
    role: "other",
    field: { ...base, type: "json", values: cells.map(cellToJSON) },
    notice:
      `mixes ${kinds.join(", ")} cells: kept as a json field ` +
      "(plain JSON values; int64, bytes, NaN, ±Inf and -0 as protocol-1 RowValue objects)",
  };
}
