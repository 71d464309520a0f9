/**
 * The built-in demo handler: deterministic data that needs no external service.
 * The same query over the same time range always gives the same answer.
 * Model keys: `format` ("time_series" default, or "table"), `series` (1-10, default 2).
 */
import type { Point, Series, Table } from "../../model/legacy.js";
import { defineHandler } from "../types.js";

const names = ["sine", "cosine", "sawtooth", "square", "triangle"] as const;

function wave(kind: (typeof names)[number], t: number): number {
  const phase = (t / 600_000) % 1; // one period every 10 minutes
  const angle = 2 * Math.PI * phase;
  switch (kind) {
    case "sine":
      return Math.sin(angle);
    case "cosine":
      return Math.cos(angle);
    case "sawtooth":
      return 2 * phase - 1;
    case "square":
      return phase < 0.5 ? 1 : -1;
    case "triangle":
      return 1 - 4 * Math.abs(phase - 0.5);
  }
}

/** Points aligned to the interval, so that equal ranges give equal timestamps. */
function points(
  kind: (typeof names)[number],
  fromMs: number,
  toMs: number,
  stepMs: number,
): Point[] {
  const out: Point[] = [];
  for (let t = Math.ceil(fromMs / stepMs) * stepMs; t <= toMs; t += stepMs) {
    out.push([Math.round(wave(kind, t) * 1e6) / 1e6, t]);
  }
  return out;
}

function step(fromMs: number, toMs: number, intervalMs: number, maxDataPoints: number): number {
  const wanted = Math.max(intervalMs, 1000);
  const limit = maxDataPoints > 0 ? Math.ceil((toMs - fromMs) / maxDataPoints) : 0;
  return Math.max(wanted, limit, 1);
}

export default defineHandler({
  style: "legacy",
  name: "demo",
  query(query, { request }) {
    const { fromMs, toMs } = request.timeRange;
    const stepMs = step(fromMs, toMs, query.intervalMs, query.maxDataPoints);
    const count = Math.min(Math.max(Number(query.model.series ?? 2) || 2, 1), names.length);
    const series: Series[] = names.slice(0, count).map((kind) => ({
      name: `demo.${kind}`,
      tags: { wave: kind, source: "grafana-shim" },
      points: points(kind, fromMs, toMs, stepMs),
    }));
    if (query.model.format !== "table") return { series };
    const table: Table = {
      columns: [{ text: "wave" }, { text: "points" }, { text: "last" }, { text: "healthy" }],
      rows: series.map((s) => [
        s.tags?.wave ?? "",
        BigInt(s.points.length),
        s.points.at(-1)?.[0] ?? null,
        true,
      ]),
    };
    return { tables: [table] };
  },
  checkHealth: () => ({
    status: "ok",
    message: "grafana-shim demo handler: no external service needed",
  }),
});
