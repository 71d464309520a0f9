/** Answers every query of a legacy request (protocol 1, /api/tsdb/query), each query on its own. */
import { ErrorCode, ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { LegacyQuery, LegacyRequest, LegacyResult } from "../model/legacy.js";
import { type AnswerEncoder, answerEach, keepAnswers, queryContext } from "./answer-encoder.js";
import type { RunLimits } from "./run-each.js";
import type { CallTrace, Handler } from "./types.js";

/**
 * `log` and `trace` are the call's: each query runs in a child span of `trace` when there is
 * one. `encode` turns each result into what the edge sends as soon as it is there, within the
 * query's deadline; a failed query's error result is encoded too. Results in query order.
 */
export function answerLegacyQueries<T = LegacyResult>(
  handler: Handler,
  request: LegacyRequest,
  log: Logger,
  limits: RunLimits,
  trace?: CallTrace,
  encode: AnswerEncoder<LegacyResult, LegacyQuery, T> = keepAnswers,
): Promise<T[]> {
  return answerEach(request.queries, {
    async answer(query, run, span) {
      if (handler.style === "legacy")
        return checkAnswer(
          await handler.query(query, queryContext(run, log, span, { request })),
          query,
        );
      const call = queryContext(run, log, span, {});
      return (await styleBridge()).framesAnswerAsLegacy(handler, query, request, call);
    },
    failed: (error, query) => ({
      refId: query.refId,
      error: error.message,
      errorSource: error.source,
    }),
    encode,
    log,
    limits,
    ...(trace && { trace }),
  });
}

function checkAnswer(answer: unknown, query: LegacyQuery): LegacyResult {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
    const got = Array.isArray(answer) ? "an array" : String(answer);
    throw new ShimError(ErrorCode.Handler, `handler returned ${got} instead of a result object`);
  }
  const result = answer as Partial<LegacyResult>;
  return { ...result, refId: result.refId ?? query.refId };
}

/** The bridge pulls in the adapters; a legacy handler on protocol 1 never needs them. */
export const styleBridge = () => import("./style-bridge.js");
