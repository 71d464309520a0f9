/**
 * Long work in slices: loops over many queries or a large answer call takeTurns() between
 * slices, so that timers (a query's deadline) and other requests run in between.
 */
import { setImmediate as nextTurn } from "node:timers/promises";

/** How long work may hold the event loop before it lets others in. */
const sliceMs = 10;

let since = performance.now();

/** Yields to the event loop once the current work has held it for a slice; then throws if `signal` aborted. */
export async function takeTurns(signal?: AbortSignal): Promise<void> {
  if (performance.now() - since >= sliceMs) {
    await nextTurn();
    since = performance.now();
  }
  signal?.throwIfAborted();
}
