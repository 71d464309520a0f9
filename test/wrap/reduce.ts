/**
 * Answers reduced to plain data, written here from the wire formats (not with
 * the shim's adapters), so the same data through protocol 1, protocol 2 and
 * /api/tsdb/query compares equal: series as name, labels and [time, value]
 * points (NaN and null alike, as Grafana >= 6.4 shows them), tables as column
 * names and rows, int64 cells as bigints, bytes as base64.
 */
import { parseJsonExact } from "../../src/exact-json.js";
import type { Json } from "./run-hosts.js";

export interface Reduced {
  readonly error: string;
  readonly series: { name: string; labels: Record<string, string>; points: unknown[][] }[];
  readonly tables: { columns: string[]; rows: unknown[][] }[];
}

/** A table without columns holds nothing, and a frame without fields is no table. */
const hasColumns = (t: { columns: string[] }) => t.columns.length > 0;

const point = (v: unknown) =>
  v === "NaN" || v === null || (typeof v === "number" && Number.isNaN(v)) ? null : v;

/** One `models.QueryResult` as host-v101 reports it (jsonpb, int64 as strings). */
export function fromV1(result: Json): Reduced {
  const series = ((result.series as Json[]) ?? []).map((s) => ({
    name: String(s.name),
    labels: (s.tags as Record<string, string>) ?? {},
    points: ((s.points as Json[]) ?? []).map((p) => [Number(p.timestamp), point(p.value)]),
  }));
  const tables = ((result.tables as Json[]) ?? []).map((t) => ({
    columns: ((t.columns as Json[]) ?? []).map((c) => String(c.name)),
    rows: ((t.rows as Json[]) ?? []).map((r) => ((r.values as Json[]) ?? []).map(v1Cell)),
  }));
  return { error: String(result.error ?? ""), series, tables: tables.filter(hasColumns) };
}

function v1Cell(v: Json): unknown {
  switch (v.kind) {
    case "TYPE_DOUBLE":
      return v.doubleValue === "NaN" ? null : v.doubleValue;
    case "TYPE_INT64":
      return BigInt(String(v.int64Value));
    case "TYPE_BOOL":
      return v.boolValue;
    case "TYPE_STRING":
      return v.stringValue;
    case "TYPE_BYTES":
      return v.bytesValue ?? "";
    default:
      return null;
  }
}

interface FrameJson {
  schema: {
    name?: string;
    meta?: { type?: string };
    fields: { name?: string; labels?: Record<string, string>; typeInfo: { frame: string } }[];
  };
  data: { values: unknown[][]; entities?: (Json | null)[] };
}

/** A frame's columns with NaN/±Inf put back from `entities`, then as Grafana shows them. */
function columnsOf(frame: FrameJson): unknown[][] {
  return frame.data.values.map((column, f) => {
    const entities = frame.data.entities?.[f];
    if (!entities) return column;
    const out = [...column];
    for (const i of (entities.NaN as number[]) ?? []) out[i] = null;
    for (const i of (entities.Inf as number[]) ?? []) out[i] = Number.POSITIVE_INFINITY;
    for (const i of (entities.NegInf as number[]) ?? []) out[i] = Number.NEGATIVE_INFINITY;
    return out;
  });
}

/** A json cell holding a protocol-1 RowValue, as the shim keeps mixed columns. */
function frameCell(value: unknown, type: string): unknown {
  if (type === "int64" || type === "uint64")
    return value === null ? null : BigInt(value as bigint | number);
  if (
    type === "json.RawMessage" &&
    value !== null &&
    typeof value === "object" &&
    "kind" in value
  ) {
    const v = value as Json;
    return v1Cell(v);
  }
  if (typeof value === "bigint") return value;
  return value;
}

/** One DataResponse as host-v2 reports it: frames as the SDK's MarshalJSON text. */
export function fromV2(response: Json): Reduced {
  const series: Reduced["series"] = [];
  const tables: Reduced["tables"] = [];
  for (const text of (response.frames as string[]) ?? []) {
    const frame = parseJsonExact(text, "frame") as FrameJson;
    const columns = columnsOf(frame);
    const fields = frame.schema.fields;
    if (frame.schema.meta?.type === "timeseries-multi") {
      const times = columns[0] ?? [];
      fields.slice(1).forEach((field, i) => {
        series.push({
          name: field.name ?? "",
          labels: field.labels ?? {},
          points: times.map((t, row) => [Number(t), point(columns[i + 1]?.[row] ?? null)]),
        });
      });
    } else if (fields.length > 0) {
      const rows = (columns[0] ?? []).map((_, r) =>
        fields.map((f, c) => frameCell(columns[c]?.[r] ?? null, f.typeInfo.frame)),
      );
      tables.push({ columns: fields.map((f) => f.name ?? ""), rows });
    }
  }
  return { error: String(response.error ?? ""), series, tables };
}

/** One `results[refId]` of /api/tsdb/query (parsed exactly). */
export function fromTsdb(result: Json): Reduced {
  const series = ((result.series as Json[]) ?? []).map((s) => ({
    name: String(s.name),
    labels: (s.tags as Record<string, string>) ?? {},
    points: ((s.points as unknown[][]) ?? []).map(([v, t]) => [Number(t), point(v)]),
  }));
  const tables = ((result.tables as Json[] | null) ?? []).map((t) => ({
    columns: ((t.columns as Json[]) ?? []).map((c) => String(c.text)),
    rows: (t.rows as unknown[][]) ?? [],
  }));
  return { error: String(result.error ?? ""), series, tables: tables.filter(hasColumns) };
}
