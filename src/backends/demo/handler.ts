/**
 * The built-in demo handler: deterministic data that needs no external service.
 * The same query over the same time range always gives the same answer.
 * Model keys: `format` ("time_series" default, or "table"), `series` (1-5, default 2).
 * A series has at most maxPointsPerSeries points, whatever the query asks: beyond that the
 * step widens and the answer carries a notice saying so.
 */

import { defineHandler } from "../../handler/types.js";
import type { Point, Series, Table } from "../../model/legacy.js";

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

/** Most points a series gets: no query can make the demo build an unbounded answer. */
export const maxPointsPerSeries = 10_000;

function step(fromMs: number, toMs: number, intervalMs: number, maxDataPoints: number): number {
  const wanted = Math.max(intervalMs, 1000);
  const limit = maxDataPoints > 0 ? Math.ceil((toMs - fromMs) / maxDataPoints) : 0;
  return Math.max(wanted, limit, 1);
}

/** A step at which the range has at most maxPointsPerSeries points (the first on a step, the last ≤ toMs). */
function cappedStep(fromMs: number, toMs: number): number {
  return Math.ceil((toMs - fromMs) / (maxPointsPerSeries - 1));
}

/** As frames carry notices (style-bridge.ts makes them frame notices on protocol 2). */
function capNotice(asked: number, stepMs: number) {
  const text =
    `demo data has at most ${maxPointsPerSeries} points per series: ` +
    `the step is ${stepMs} ms instead of the ${asked} ms the query asked for`;
  return { notices: [{ severity: "warning", text }] };
}

export const demoHandler = defineHandler({
  style: "legacy",
  name: "demo",
  query(query, { request }) {
    const { fromMs, toMs } = request.timeRange;
    const asked = step(fromMs, toMs, query.intervalMs, query.maxDataPoints);
    const stepMs = Math.max(asked, cappedStep(fromMs, toMs));
    const count = Math.min(Math.max(Number(query.model.series ?? 2) || 2, 1), names.length);
    const series: Series[] = names.slice(0, count).map((kind) => ({
      name: `demo.${kind}`,
      tags: { wave: kind, source: "grafana-shim" },
      points: points(kind, fromMs, toMs, stepMs),
    }));
    const meta = stepMs > asked ? { meta: capNotice(asked, stepMs) } : {};
    if (query.model.format !== "table") return { series, ...meta };
    const table: Table = {
      columns: [{ text: "wave" }, { text: "points" }, { text: "last" }, { text: "healthy" }],
      rows: series.map((s) => [
        s.tags?.wave ?? "",
        BigInt(s.points.length),
        s.points.at(-1)?.[0] ?? null,
        true,
      ]),
    };
    return { tables: [table], ...meta };
  },
  checkHealth: () => ({
    status: "ok",
    message: "grafana-shim demo handler: no external service needed",
  }),
});
