/**
 * Every way Grafana's frontend rules and the shim's legitimately differ, in one place, each
 * with its reason. grafana-frontend-rules.test.ts applies these and nothing else: any other
 * difference fails. test/conformance/README.md lists them too.
 */
import type { Cell, Series, Table } from "../../src/model/legacy.js";
import type { FrontendField, FrontendFrame } from "./grafana-frontend.js";

/** Each protocol-1 RowValue kind in the shim's json cells, as legacyCell writes the cell. */
const rowValueKeys: Readonly<Record<string, (value: unknown) => unknown>> = {
  TYPE_DOUBLE: (v) => (typeof v === "string" ? Number(v) : v), // "NaN", "Infinity", "-0"
  TYPE_INT64: (v) => Number(v),
  TYPE_BOOL: (v) => v,
  TYPE_STRING: (v) => v,
  TYPE_BYTES: (v) => v, // already base64
};

export const frontendDifferences = {
  /**
   * toDataFrame names series fields "Time"/"Value" (frontend constants); Grafana's backend
   * SeriesToFrame and the shim's untyped layout name them "time"/"value". Only "Value" is
   * anonymous to the frontend's naming rule, so the shim's fields are read under those names.
   */
  frontendFieldNames(frame: FrontendFrame): FrontendFrame {
    const renamed: Record<string, string> = { time: "Time", value: "Value" };
    const fields = frame.fields.map((f) => ({ ...f, name: renamed[f.name ?? ""] ?? f.name }));
    return { ...frame, fields };
  },

  /**
   * The shim pins a series' legacy name with config.displayNameFromDS; toDataFrame leaves a
   * tagged series to the frontend's label rule (`cpu a`, `{host="a"}`). An empty name cannot
   * be pinned (the frontend ignores an empty displayNameFromDS), so then both use the rule.
   */
  expectedDisplayName(series: Series, grafanaShows: string): string {
    const tagged = Object.keys(series.tags ?? {}).length > 0;
    return tagged && series.name !== "" ? series.name : grafanaShows;
  },

  /** Data-plane frames (meta.type set) carry the series name on the field, not the frame. */
  comparesFrameName: (shimFrameType: string | undefined) => shimFrameType === undefined,

  /**
   * The frontend numbers duplicate field names ("a 1", "a 2") except on time fields: a column
   * Grafana guessed to be time by its name (see typeGuesses) shows its bare name there.
   */
  columnDisplayName(shown: string, name: string, grafanaType: string, shimType: string): string {
    return grafanaType === "time" && shimType !== "time" ? name : shown;
  },

  /** Frame times are int64 nanoseconds, which have no -0: legacy -0 ms is the instant 0. */
  time: (ms: unknown) => (Object.is(ms, -0) ? 0 : ms),

  /** Frame JSON and Arrow leave an empty frame name out; the frontend shows neither. */
  frameName: (name: string | undefined) => name ?? "",

  /** The multi layout answers no series with a fieldless "no data" frame: nothing to show. */
  showsData: (frame: { readonly fields: readonly unknown[] }) => frame.fields.length > 0,

  /** No tags and empty tags look alike in the frontend (formatLabels gives ""). */
  labels: (field: FrontendField) => field.labels ?? {},

  /**
   * A legacy cell as Grafana's server wrote it into /api/tsdb/query JSON: int64 as a JSON
   * number, bytes as base64 (Go's encoding of []byte). The shim's json fields keep each cell's
   * protocol-1 kind as a RowValue object, which stands for the same cell.
   */
  legacyCell(cell: Cell): unknown {
    if (typeof cell === "bigint") return Number(cell);
    if (cell instanceof Uint8Array) return Buffer.from(cell).toString("base64");
    return cell;
  },

  /** A cell the frontend read from the shim's frame, in legacyCell's terms. */
  frontendCell(cell: unknown, fieldType: string): unknown {
    // Grafana 7 reads a json (Arrow Binary) column as the bytes of each cell's JSON text.
    const value = cell instanceof Uint8Array ? JSON.parse(Buffer.from(cell).toString()) : cell;
    if (fieldType !== "other" || value === null || typeof value !== "object") return value;
    const { kind, ...rest } = value as { kind?: unknown };
    const [key, inner] = Object.entries(rest)[0] ?? [];
    const decode = typeof kind === "string" ? rowValueKeys[kind] : undefined;
    return decode !== undefined && key?.endsWith("Value") ? decode(inner) : value;
  },

  /**
   * toDataFrame guesses an untyped column's type from its name or first non-null cell; the
   * shim types a column by all of its cells. Where the two types differ, one of these must
   * hold for the column's legacy cells (the cells themselves are compared as they are):
   */
  typeGuesses: [
    // No cell to guess from: the frontend leaves it "other"; every cell is null either way.
    { grafana: "other", shim: "number", when: (cells: readonly Cell[]) => cells.every(isNull) },
    // "time"/"date" is a time column to the frontend by its name alone; the shim also needs
    // cells, each one whole epoch milliseconds that a frame can hold.
    {
      grafana: "time",
      shim: "*",
      when: (cells: readonly Cell[]) => cells.length === 0 || !cells.every(isFrameTime),
    },
    // A first string that looks numeric or boolean (PapaParse's rule) sets the guess.
    { grafana: "number", shim: "string", when: (cells: readonly Cell[]) => allStrings(cells) },
    { grafana: "boolean", shim: "string", when: (cells: readonly Cell[]) => allStrings(cells) },
    // Bytes and mixed cells are a json field in the shim; the frontend guesses by one cell.
    { grafana: "*", shim: "other", when: (cells: readonly Cell[]) => !oneKind(cells) },
  ],

  /**
   * toLegacyResponseData ignores the table hint: a two-field frame with a time field becomes
   * a time series [value, time]. The shim gives the table back: compared as that series, its
   * target the value column's name (the frontend's display name numbers a name the time
   * column shares: "Time 2").
   */
  tableAsSeries(
    table: Table,
    timeColumn: number,
  ): { target: string; datapoints: unknown[][] } | undefined {
    if (table.columns.length !== 2 || timeColumn < 0) return undefined;
    const value = 1 - timeColumn;
    const datapoints = table.rows.map((row) => [row[value], row[timeColumn]]);
    return { target: table.columns[value]!.text, datapoints };
  },

  /**
   * A nameless series: the frontend takes no name for one (an empty displayNameFromDS is
   * falsy, a field named "" shows as "Value") and falls back to its own; the shim's series
   * keeps the legacy name "" it stands for (see src/adapters/README.md).
   */
  legacyName(grafanaTarget: string, field: FrontendField): string {
    const pin = field.config.displayNameFromDS;
    return pin === "" || (pin === undefined && !field.name) ? "" : grafanaTarget;
  },

  /** toLegacyResponseData writes no tags: the shim's series tags are compared to the labels. */
  tags: (field: FrontendField) => field.labels ?? {},
};

const frameTimeLimitMs = 9223372036854;

function isNull(cell: Cell): boolean {
  return cell === null;
}

function isFrameTime(cell: Cell): boolean {
  return (
    typeof cell === "number" &&
    Number.isInteger(cell) &&
    Math.abs(cell) <= frameTimeLimitMs &&
    !Object.is(cell, -0)
  );
}

function allStrings(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell === null || typeof cell === "string");
}

function oneKind(cells: readonly Cell[]): boolean {
  const kinds = new Set(cells.filter((c) => c !== null).map((c) => typeof c));
  return kinds.size <= 1 && !cells.some((c) => c instanceof Uint8Array);
}
