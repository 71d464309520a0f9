/** Rounds of a Go host's load mode (`-bench`) summed and averaged into one line of figures. */
import { mean, round } from "./stats.js";

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
