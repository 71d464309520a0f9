/**
 * Runs one piece of handler work per query, with a concurrency limit and a
 * deadline. Every query settles on its own: a throw, a rejection, a timeout or
 * a cancellation becomes that query's error; late answers are dropped safely.
 */
import { setMaxListeners } from "node:events";
import { ErrorCode, ShimError, toShimError } from "../errors.js";
import { takeTurns } from "./take-turns.js";

export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ShimError };

export interface RunLimits {
  /** At most this many pieces of work run at once. */
  readonly concurrency: number;
  /** Milliseconds until unfinished work is cut off. */
  readonly timeoutMs: number;
  /** Aborted when the caller (host or HTTP client) gives up. */
  readonly signal?: AbortSignal;
  /** The caller's own deadline (epoch ms), when it has one: the host's gRPC deadline. */
  readonly deadline?: number;
}

/** `work` gets its item, a signal and the deadline (epoch ms) at which it is cut off. */
export async function runEach<Q, R>(
  items: readonly Q[],
  work: (item: Q, signal: AbortSignal, deadline: number) => R | Promise<R>,
  limits: RunLimits,
): Promise<Settled<R>[]> {
  const controller = new AbortController();
  const deadline = Math.min(Date.now() + limits.timeoutMs, limits.deadline ?? Number.MAX_VALUE);
  // One listener per running query plus the handler's own: more than Node's default of 10.
  setMaxListeners(0, controller.signal);
  const stop = stopper(controller, limits);
  const results = new Array<Settled<R>>(items.length);
  let next = 0;
  const worker = async () => {
    for (let first = true; next < items.length; first = false) {
      // Synchronous handlers would otherwise answer every query before the deadline's timer runs.
      if (!first) await takeTurns();
      if (next >= items.length) break;
      const index = next++;
      results[index] = await settle(
        () => work(items[index] as Q, controller.signal, deadline),
        controller.signal,
      );
    }
  };
  try {
    const workers = Math.max(1, Math.min(limits.concurrency, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    stop();
  }
  return results;
}

/** Node fires longer timers at once (TimeoutOverflowWarning); about 24.8 days is close enough. */
const longestTimerMs = 2 ** 31 - 1;

function stopper(controller: AbortController, limits: RunLimits): () => void {
  const timer = setTimeout(
    () => {
      controller.abort(
        new ShimError(ErrorCode.Timeout, `query timed out after ${limits.timeoutMs} ms`),
      );
    },
    Math.min(limits.timeoutMs, longestTimerMs),
  );
  // Keep the caller's own reason (e.g. "the host's deadline passed") when it gives one.
  const onCancel = () => {
    const reason = limits.signal?.reason;
    controller.abort(
      reason instanceof ShimError
        ? reason
        : new ShimError(ErrorCode.Cancelled, "the caller cancelled the request"),
    );
  };
  if (limits.signal?.aborted) onCancel();
  limits.signal?.addEventListener("abort", onCancel, { once: true });
  return () => {
    clearTimeout(timer);
    limits.signal?.removeEventListener("abort", onCancel);
  };
}

function settle<R>(run: () => R | Promise<R>, signal: AbortSignal): Promise<Settled<R>> {
  if (signal.aborted) return Promise.resolve(failed(signal.reason));
  return new Promise((resolve) => {
    const onAbort = () => resolve(failed(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    const done = (outcome: Settled<R>) => {
      signal.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    try {
      Promise.resolve(run()).then(
        (value) => done({ ok: true, value }),
        (thrown: unknown) => done(failed(thrown)),
      );
    } catch (thrown) {
      done(failed(thrown));
    }
  });
}

function failed(thrown: unknown): { ok: false; error: ShimError } {
  return { ok: false, error: toShimError(thrown) };
}
