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
  /** Aborted when the caller (an HTTP client) gives up. */
  readonly signal?: AbortSignal;
  /** Calls `cancel` once the caller (a gRPC call) gives up; returns what stops listening. */
  readonly onCancel?: (cancel: () => void) => () => void;
  /** The caller's own deadline (epoch ms), when it has one: the host's gRPC deadline. */
  readonly deadline?: number;
  /** Who the caller is, in the errors of a cancellation or its deadline: "the caller" unless said. */
  readonly caller?: string;
}

/** What work gets besides its item: the call's signal and the deadline it is cut off at. */
export interface RunContext {
  /** Aborted when the call ends; made when first read (most answers never read it). */
  readonly signal: AbortSignal;
  /** Epoch ms. */
  readonly deadline: number;
  /** Throws the call's end (timeout, cancellation) once it came. */
  throwIfEnded(): void;
}

/**
 * `work` gets its item and the call's RunContext. A call has one timer and at most one
 * AbortSignal for all its items, whatever the caller gives.
 */
export async function runEach<Q, R>(
  items: readonly Q[],
  work: (item: Q, run: RunContext) => R | Promise<R>,
  limits: RunLimits,
): Promise<Settled<R>[]> {
  const run = new Run(limits);
  // One query (most requests): no workers to share it out.
  if (items.length === 1) {
    try {
      return [await run.settle(() => work(items[0] as Q, run))];
    } finally {
      run.stop();
    }
  }
  const results = new Array<Settled<R>>(items.length);
  let next = 0;
  const worker = async () => {
    for (let first = true; next < items.length; first = false) {
      // Synchronous handlers would otherwise answer every query before the deadline's timer runs.
      if (!first) await takeTurns();
      if (next >= items.length) break;
      const index = next++;
      results[index] = await run.settle(() => work(items[index] as Q, run));
    }
  };
  try {
    const workers = Math.max(1, Math.min(limits.concurrency, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    run.stop();
  }
  return results;
}

/** Node fires longer timers at once (TimeoutOverflowWarning); about 24.8 days is close enough. */
const longestTimerMs = 2 ** 31 - 1;

/** One call's deadline timer, signal and unsettled work: whatever ends the call fails them all. */
class Run implements RunContext {
  readonly deadline: number;
  #controller: AbortController | undefined;
  #ended: ShimError | undefined;
  readonly #pending = new Set<(error: ShimError) => void>();
  readonly #timer: NodeJS.Timeout;
  readonly #stopListening: (() => void) | undefined;

  constructor(limits: RunLimits) {
    const caller = limits.caller ?? "the caller";
    const own = Date.now() + limits.timeoutMs;
    const callerFirst = limits.deadline !== undefined && limits.deadline < own;
    this.deadline = callerFirst ? (limits.deadline as number) : own;
    const timedOut = callerFirst
      ? `${caller}'s deadline passed`
      : `query timed out after ${limits.timeoutMs} ms`;
    this.#timer = setTimeout(
      () => this.#end(new ShimError(ErrorCode.Timeout, timedOut)),
      Math.min(Math.max(0, this.deadline - Date.now()), longestTimerMs),
    );
    const { signal } = limits;
    // Keep the caller's own reason when its signal gives one.
    const cancel = () =>
      this.#end(
        signal?.reason instanceof ShimError
          ? signal.reason
          : new ShimError(ErrorCode.Cancelled, `${caller} cancelled the request`),
      );
    if (signal?.aborted) cancel();
    else if (signal) {
      signal.addEventListener("abort", cancel, { once: true });
      this.#stopListening = () => signal.removeEventListener("abort", cancel);
    } else this.#stopListening = limits.onCancel?.(cancel);
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      // One listener per running query plus the handler's own: more than Node's default of 10.
      setMaxListeners(0, this.#controller.signal);
      if (this.#ended) this.#controller.abort(this.#ended);
    }
    return this.#controller.signal;
  }

  throwIfEnded(): void {
    if (this.#ended) throw this.#ended;
  }

  #end(reason: ShimError): void {
    if (this.#ended) return;
    this.#ended = reason;
    this.#controller?.abort(reason);
    for (const fail of this.#pending) fail(reason);
    this.#pending.clear();
  }

  /** The work's outcome, or the call's end if that comes first. */
  settle<R>(work: () => R | Promise<R>): Promise<Settled<R>> {
    if (this.#ended) return Promise.resolve({ ok: false, error: this.#ended });
    return new Promise((resolve) => {
      const fail = (error: ShimError) => resolve({ ok: false, error });
      this.#pending.add(fail);
      const done = (outcome: Settled<R>) => {
        this.#pending.delete(fail);
        resolve(outcome);
      };
      try {
        Promise.resolve(work()).then(
          (value) => done({ ok: true, value }),
          (thrown: unknown) => done(failed(thrown)),
        );
      } catch (thrown) {
        done(failed(thrown));
      }
    });
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#stopListening?.();
  }
}

function failed(thrown: unknown): { ok: false; error: ShimError } {
  return { ok: false, error: toShimError(thrown) };
}
