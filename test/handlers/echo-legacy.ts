/**
 * The TypeScript twin of the Go reference plugin (test/go/legacy-v101/cmd/ref-plugin-v1):
 * each query's model carries an `answer` spec, and the handler returns exactly that,
 * so the same request through both plugins must give the same wire response.
 * Spec: test/go/ANSWER-SPEC.md.
 */
import { defineHandler, type LegacyAnswer } from "../../src/handler/types.js";
import type { Cell, Point, Series, Table } from "../../src/model/legacy.js";

type Spec = Record<string, unknown>;

function special(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value === "NaN") return Number.NaN;
  if (value === "+Inf") return Number.POSITIVE_INFINITY;
  if (value === "-Inf") return Number.NEGATIVE_INFINITY;
  if (typeof value === "number") return value;
  throw new Error(`bad number in answer spec: ${JSON.stringify(value)}`);
}

function cell(spec: unknown): Cell {
  if (spec === null) return null;
  const [kind, value] = Object.entries(spec as Spec)[0] ?? [];
  switch (kind) {
    case "double":
      return special(value);
    case "int64":
      return BigInt(value as string);
    case "bool":
      return value as boolean;
    case "string":
      return value as string;
    case "bytes":
      return new Uint8Array(Buffer.from(value as string, "base64"));
    default:
      throw new Error(`bad cell in answer spec: ${JSON.stringify(spec)}`);
  }
}

function series(spec: Spec): Series {
  const points = (spec.points as [unknown, number][]).map(([v, t]): Point => [special(v), t]);
  return spec.tags
    ? { name: spec.name as string, tags: spec.tags as Record<string, string>, points }
    : { name: spec.name as string, points };
}

function table(spec: Spec): Table {
  return {
    columns: (spec.columns as string[]).map((text) => ({ text })),
    rows: (spec.rows as unknown[][]).map((row) => row.map(cell)),
  };
}

export default defineHandler({
  style: "legacy",
  name: "echo-legacy",
  async query(query, ctx) {
    const answer = (query.model.answer ?? {}) as Spec;
    if (typeof answer.sleepMs === "number") {
      await new Promise((resolve) => setTimeout(resolve, answer.sleepMs as number));
    }
    if (answer.throw !== undefined)
      throw answer.throwRaw ? answer.throw : new Error(String(answer.throw));
    const echo = answer.echo
      ? {
          echo: {
            refId: query.refId,
            maxDataPoints: query.maxDataPoints,
            intervalMs: query.intervalMs,
            model: query.model,
            timeRange: ctx.request.timeRange,
            datasource: ctx.request.datasource,
            queryCount: ctx.request.queries.length,
          },
        }
      : undefined;
    const result: Record<string, unknown> = {};
    if (answer.refId !== undefined) result.refId = answer.refId;
    if (answer.error !== undefined) result.error = answer.error;
    if (answer.meta !== undefined || echo) result.meta = { ...(answer.meta as Spec), ...echo };
    if (answer.series) result.series = (answer.series as Spec[]).map(series);
    if (answer.tables) result.tables = (answer.tables as Spec[]).map(table);
    return result as LegacyAnswer;
  },
});
