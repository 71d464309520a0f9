/** Rounds of a Go host's load mode (`-bench`) summed and averaged into one line of figures. */
import { fixed, times } from "./report.js";
import { mean, ratio, round } from "./stats.js";

/** What one round of load reports (both protocols' hosts). */
export interface LoadFigures {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly throughputPerSec: number;
  readonly peakRssKiB: number;
}

export interface LoadSummary {
  readonly rounds: number;
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly throughputPerSec: number;
  readonly peakRssMiB: number;
}

/** Latencies and throughput averaged over the rounds; counts summed; the highest peak RSS. */
export function summarizeLoad(
  results: readonly LoadFigures[],
  throughputDigits: number,
): LoadSummary {
  const avg = (pick: (r: LoadFigures) => number, digits = 3) =>
    round(mean(results.map(pick)), digits);
  return {
    rounds: results.length,
    count: results.reduce((sum, r) => sum + r.count, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    p50Ms: avg((r) => r.p50Ms),
    p99Ms: avg((r) => r.p99Ms),
    meanMs: avg((r) => r.meanMs),
    throughputPerSec: avg((r) => r.throughputPerSec, throughputDigits),
    peakRssMiB: round(Math.max(...results.map((r) => r.peakRssKiB)) / 1024, 1),
  };
}

/** One plugin a load case runs: how the host starts it. */
export interface LoadSide {
  readonly label: string;
  readonly exe: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface CpuLoadSummary extends LoadSummary {
  /** Plugin CPU time per request, µs (NaN where it was not measured). */
  readonly cpuUsPerRequest: number;
}

/** summarizeLoad, with CPU per request averaged over the rounds. */
export function summarizeWithCpu(
  results: readonly (LoadFigures & { readonly cpuUsPerRequest?: number })[],
  throughputDigits: number,
): CpuLoadSummary {
  const cpuUsPerRequest = round(mean(results.map((r) => r.cpuUsPerRequest ?? Number.NaN)), 1);
  return { ...summarizeLoad(results, throughputDigits), cpuUsPerRequest };
}

/** Runs every side `rounds` times, every other round in reverse order (no side always first). */
export async function alternateSides<R extends LoadFigures & { readonly cpuUsPerRequest?: number }>(
  sides: readonly LoadSide[],
  rounds: number,
  throughputDigits: number,
  run: (side: LoadSide, outName: string) => Promise<R>,
): Promise<Map<string, CpuLoadSummary>> {
  const results = new Map<LoadSide, R[]>(sides.map((side) => [side, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [i, side] of (round % 2 === 0 ? sides : [...sides].reverse()).entries())
      results.get(side)?.push(await run(side, `${round}-${i}`));
  }
  return new Map(
    sides.map((side) => [side.label, summarizeWithCpu(results.get(side) ?? [], throughputDigits)]),
  );
}

/** a / b of each figure. */
export function loadRatios(a: CpuLoadSummary, b: CpuLoadSummary) {
  return {
    p50: ratio(a.p50Ms, b.p50Ms),
    p99: ratio(a.p99Ms, b.p99Ms),
    mean: ratio(a.meanMs, b.meanMs),
    throughput: ratio(a.throughputPerSec, b.throughputPerSec),
    cpuPerRequest: ratio(a.cpuUsPerRequest, b.cpuUsPerRequest),
    peakRss: ratio(a.peakRssMiB, b.peakRssMiB),
  };
}

export type LoadRatios = ReturnType<typeof loadRatios>;

/** The rows of a load table: every side's figures, then the ratios asked for. */
export function loadRows(
  summary: ReadonlyMap<string, CpuLoadSummary>,
  ratios: readonly (readonly [string, LoadRatios])[],
  throughputDigits: number,
): string[][] {
  const head = ["", "p50 ms", "p99 ms", "mean ms", "req/s", "CPU µs/req", "requests", "errors"];
  return [
    [...head, "peak RSS MiB"],
    ...[...summary].map(([label, s]) => [
      label,
      fixed(s.p50Ms, 3),
      fixed(s.p99Ms, 3),
      fixed(s.meanMs, 3),
      fixed(s.throughputPerSec, throughputDigits),
      fixed(s.cpuUsPerRequest, 0),
      String(s.count),
      String(s.errors),
      fixed(s.peakRssMiB),
    ]),
    ...ratios.map(([label, r]) => [
      label,
      times(r.p50),
      times(r.p99),
      times(r.mean),
      times(r.throughput),
      times(r.cpuPerRequest),
      "",
      "",
      times(r.peakRss),
    ]),
  ];
}

/** The shim's and Go's figures, and the ratios every load table prints: to Go, and to bare grpc-js. */
export function shimBareGo(summary: ReadonlyMap<string, CpuLoadSummary>, shim: string, go: string) {
  const figures = (label: string) => summary.get(label) as CpuLoadSummary;
  const bare = figures("bare grpc-js");
  const vsGo = loadRatios(figures(shim), figures(go));
  const toBare = loadRatios(figures(shim), bare);
  const bareVsGo = loadRatios(bare, figures(go));
  const lines: [string, LoadRatios][] = [
    ["shim/go", vsGo],
    ["bare grpc-js/go", bareVsGo],
    ["shim/bare grpc-js", toBare],
  ];
  return { shim: figures(shim), vsGo, toBare, bareVsGo, lines };
}
