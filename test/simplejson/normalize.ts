/**
 * Answers of every route reduced to the same comparable data: per refId, series as
 * {name, tags, points [[value|null, ms]]} and tables as {columns, rows}; NaN points (protocol
 * 1's null) as null, JSON cells as their JSON text, int64 text as numbers.
 */
// biome-ignore lint/suspicious/noExplicitAny: host reports are read field by field in assertions
export type Json = Record<string, any>;

export interface Data {
  readonly series: {
    name: string;
    tags: Record<string, string>;
    points: [number | null, number][];
  }[];
  readonly tables: { columns: string[]; rows: unknown[][] }[];
  readonly error?: string;
}

const cell = (v: unknown): unknown => (v !== null && typeof v === "object" ? JSON.stringify(v) : v);

/** host-v101 / host-2018 report results: jsonpb DatasourceResponse. */
export function fromV1(response: Json): Record<string, Data> {
  const out: Record<string, Data> = {};
  for (const r of response.results ?? []) {
    out[r.refId] = {
      series: (r.series ?? []).map((s: Json) => ({
        name: s.name,
        tags: s.tags ?? {},
        points: (s.points ?? []).map((p: Json) => [
          typeof p.value === "number" ? p.value : null,
          Number(p.timestamp),
        ]),
      })),
      tables: (r.tables ?? []).map((t: Json) => ({
        columns: t.columns.map((c: Json) => c.name),
        rows: t.rows.map((row: Json) => (row.values ?? []).map(v1Cell)),
      })),
      ...(r.error ? { error: r.error } : {}),
    };
  }
  return out;
}

function v1Cell(v: Json): unknown {
  switch (v.kind) {
    case "TYPE_DOUBLE":
      return v.doubleValue;
    case "TYPE_INT64":
      return Number(v.int64Value);
    case "TYPE_BOOL":
      return v.boolValue;
    case "TYPE_STRING":
      return v.stringValue;
    default:
      return null;
  }
}

/** Frames as frame JSON objects (SDK MarshalJSON text parsed, or /api/ds/query frames). */
export function fromFrames(frames: readonly Json[], error?: string): Data {
  const data: Data = { series: [], tables: [], ...(error ? { error } : {}) };
  for (const frame of frames) {
    const fields: Json[] = frame.schema.fields ?? [];
    const values: unknown[][] = frame.data?.values ?? [];
    if (fields.length === 0) continue;
    if (frame.schema.meta?.preferredVisualisationType === "table") {
      const rows = (values[0] ?? []).map((_, r) => values.map((column) => cell(column[r])));
      data.tables.push({ columns: fields.map((f) => f.name), rows });
      continue;
    }
    const times = values[0] as number[];
    data.series.push({
      name: fields[1]?.config?.displayNameFromDS ?? fields[1]?.name ?? "", // frame JSON omits an empty name
      tags: fields[1]?.labels ?? {},
      points: times.map((t, i) => [(values[1]?.[i] as number | null) ?? null, t]),
    });
  }
  return data;
}

/** host-v2 report results: {response: {refId: {frames: [json text], error}}}. */
export function fromV2(result: Json): Record<string, Data> {
  const out: Record<string, Data> = {};
  for (const [refId, r] of Object.entries<Json>(result.response ?? {})) {
    out[refId] = fromFrames(
      (r.frames ?? []).map((f: string) => JSON.parse(f)),
      r.error || undefined,
    );
  }
  return out;
}

/** /api/ds/query answer. */
export function fromDs(answer: Json): Record<string, Data> {
  const out: Record<string, Data> = {};
  for (const [refId, r] of Object.entries<Json>(answer.results ?? {}))
    out[refId] = fromFrames(r.frames ?? [], r.error);
  return out;
}

/** /api/tsdb/query answer. */
export function fromTsdb(answer: Json): Record<string, Data> {
  const out: Record<string, Data> = {};
  for (const [refId, r] of Object.entries<Json>(answer.results ?? {})) {
    out[refId] = {
      series: (r.series ?? []).map((s: Json) => ({
        name: s.name,
        tags: s.tags ?? {},
        points: s.points.map((p: [number | null, number]) => [p[0], p[1]]),
      })),
      tables: (r.tables ?? []).map((t: Json) => ({
        columns: t.columns.map((c: Json) => c.text),
        rows: t.rows.map((row: unknown[]) => row.map(cell)),
      })),
      ...(r.error ? { error: r.error } : {}),
    };
  }
  return out;
}
