/** Small statistics over timings: percentiles as the Go hosts compute them. */

/** The value at rank floor(q·(n−1)) of the sorted samples (the Go hosts' rule). */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

export function mean(samples: readonly number[]): number {
  return samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

/** Rounded for printing and JSON: timings to 0.01 ms are noise already. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** `a / b`, rounded; NaN when b is 0. */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : round(a / b);
}

export interface Spread {
  readonly runs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
}

export function spread(samples: readonly number[]): Spread {
  return {
    runs: samples.length,
    medianMs: round(median(samples), 1),
    p90Ms: round(quantile(samples, 0.9), 1),
    minMs: round(Math.min(...samples), 1),
  };
}
