/**
 * Output of every benchmark: a human-readable table, then one JSON line per
 * case (`{"bench", "case", ...}`) that scripts/bench.mjs collects for its summary.
 */
import { availableParallelism, loadavg } from "node:os";

export interface BenchRecord {
  readonly bench: string;
  readonly case: string;
  /** Ratios against the baseline measured in the same run. */
  readonly ratio: Record<string, number>;
  /** Each aim of the case, by its wording, and whether this run met it. */
  readonly aims: Record<string, boolean>;
  readonly [key: string]: unknown;
}

/** Prints the record as one JSON line, with the machine it ran on. */
export function emit(record: BenchRecord): void {
  console.log(JSON.stringify({ ...record, machine: machine() }));
}

/** Core count and load: figures from a loaded machine are worth less, even as ratios. */
export function machine(): { cpus: number; loadAvg1m: number } {
  return { cpus: availableParallelism(), loadAvg1m: Math.round(loadavg()[0]! * 100) / 100 };
}

export function printMachine(bench: string): void {
  const { cpus, loadAvg1m } = machine();
  console.log(`${bench}: ${cpus} cores, load average ${loadAvg1m} at the start`);
}

/** Prints rows under a title, columns padded; the first column is left-aligned. */
export function printTable(title: string, rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  console.log(`\n${title}`);
  for (const row of rows) {
    const cells = row.map((cell, i) =>
      i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
    );
    console.log(`  ${cells.join("  ")}`);
  }
}

export function printAims(aims: Record<string, boolean>): void {
  for (const [aim, met] of Object.entries(aims))
    console.log(`  aim ${aim}: ${met ? "met" : "MISSED"}`);
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : "-";
}
