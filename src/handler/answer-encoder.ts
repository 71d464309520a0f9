/**
 * How an edge receives answers: each query's answer is turned into what the edge sends (JSON
 * chunks, protobuf messages) as soon as it is there, so the model it was built from can go
 * and the answer budget is charged while the query is still within its deadline.
 */
import type { ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import { type QueryFailure, QuerySpans } from "./query-spans.js";
import { type RunContext, type RunLimits, runEach } from "./run-each.js";
import type { CallTrace, QueryCallContext } from "./types.js";

export interface AnswerEncoder<A, Q, T> {
  /** An answer, within the query's deadline (`run`); what it throws fails the query. */
  answer(answer: A, query: Q, run: RunContext): T | Promise<T>;
  /** A failed query's error answer: it always goes out, so this must not throw. */
  failure(answer: A, query: Q): T | Promise<T>;
}

/** The answers as they are: for callers that encode later or not at all. */
export const keepAnswers: AnswerEncoder<unknown, unknown, never> = {
  answer: (answer) => answer as never,
  failure: (answer) => answer as never,
};

export interface EachQuery<Q, A, T> {
  /** `span`: the query's own, when the call is traced. */
  readonly answer: (query: Q, run: RunContext, span?: CallTrace) => Promise<A>;
  /** The error answer of a query that failed (threw, timed out, was over the budget). */
  readonly failed: (error: ShimError, query: Q) => A;
  readonly encode: AnswerEncoder<A, Q, T>;
  readonly log: Logger;
  readonly limits: RunLimits;
  /** The call's trace: each query's answer is then made in a child span (query-spans.ts). */
  readonly trace?: CallTrace;
  readonly queryType?: (query: Q) => string;
}

/**
 * A handler's call context for one query, with `request` (or whatever `more` holds): its
 * signal is the call's, made only if the handler reads it (spreading the context reads it).
 */
export function queryContext<M extends object>(
  run: RunContext,
  log: Logger,
  span: CallTrace | undefined,
  more: M,
): QueryCallContext & M {
  const context = {
    get signal() {
      return run.signal;
    },
    log,
    deadline: run.deadline,
    ...more,
  };
  return span ? Object.assign(context, { trace: span }) : context;
}

/** Answers and encodes every query on its own (runEach); results in query order. */
export async function answerEach<Q extends { readonly refId: string }, A extends QueryFailure, T>(
  queries: readonly Q[],
  each: EachQuery<Q, A, T>,
): Promise<T[]> {
  const { encode, log } = each;
  const spans = each.trace ? new QuerySpans<Q>(each.trace) : undefined;
  const settled = await runEach(
    queries,
    async (query, run) => {
      const answer = spans
        ? await spans.run(query, each.queryType?.(query) ?? "", (span) =>
            each.answer(query, run, span),
          )
        : await each.answer(query, run);
      run.throwIfEnded(); // a late answer: its query already failed
      return encode.answer(answer, query, run);
    },
    each.limits,
  );
  spans?.settle(queries, settled);
  if (settled.every((outcome) => outcome.ok)) return settled.map((outcome) => outcome.value);
  return Promise.all(
    settled.map((outcome, i) => {
      if (outcome.ok) return outcome.value;
      const query = queries[i] as Q;
      const { code, message } = outcome.error;
      log.warn("query failed", { refId: query.refId, code, error: message });
      return encode.failure(each.failed(outcome.error, query), query);
    }),
  );
}
