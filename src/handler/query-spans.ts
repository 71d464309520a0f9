/**
 * One child span per query of a traced call, named `query` with the query's `refId` (as
 * Grafana's own datasources name it). A span ends when its query's work ends; a query cut off
 * by the deadline or a cancellation ends with that error when the request is answered.
 */
import { httpStatusOf, toShimError } from "../errors.js";
import type { Settled } from "./run-each.js";
import type { CallSpan, CallTrace } from "./types.js";

/** What a query's answer says about failure. */
export interface QueryFailure {
  readonly error?: string;
  readonly errorSource?: string;
  readonly status?: number;
}

function finish(span: CallSpan, failure: QueryFailure): void {
  if (failure.error) {
    span.setAttributes({
      status: failure.status ?? 500,
      status_source: failure.errorSource ?? "plugin",
    });
    span.fail(failure.error);
  }
  span.end();
}

export class QuerySpans<Q extends { readonly refId: string }> {
  readonly #trace: CallTrace;
  readonly #open = new Map<Q, CallSpan>();

  constructor(trace: CallTrace) {
    this.#trace = trace;
  }

  /** Runs one query's work in its span; the span ends with the answer's error, if any. */
  async run<R extends QueryFailure>(
    query: Q,
    queryType: string,
    work: (span: CallSpan) => Promise<R>,
  ): Promise<R> {
    const attributes = queryType ? { refId: query.refId, queryType } : { refId: query.refId };
    const span = this.#trace.startSpan("query", { attributes });
    this.#open.set(query, span);
    try {
      const answer = await work(span);
      if (this.#open.delete(query)) finish(span, answer);
      return answer;
    } catch (thrown) {
      const error = toShimError(thrown);
      if (this.#open.delete(query))
        finish(span, {
          error: error.message,
          errorSource: error.source,
          status: httpStatusOf(error),
        });
      throw thrown;
    }
  }

  /** Ends the spans of queries that settled without finishing (timeouts, cancellations). */
  settle(queries: readonly Q[], settled: readonly Settled<unknown>[]): void {
    settled.forEach((outcome, i) => {
      const query = queries[i];
      const span = query === undefined ? undefined : this.#open.get(query);
      if (!span || !query || outcome.ok) return;
      this.#open.delete(query);
      const { error } = outcome;
      finish(span, {
        error: error.message,
        errorSource: error.source,
        status: httpStatusOf(error),
      });
    });
  }
}
