/** Restart delays: doubling from the first delay, capped, counted from the first failure. */
export function restartDelay(failures: number, firstMs: number, maxMs: number): number {
  const doublings = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(maxMs, firstMs * 2 ** doublings);
}
