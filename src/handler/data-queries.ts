/** Answers every query of a DataRequest (protocol 2, /api/ds/query), each query on its own. */
import { ErrorCode, httpStatusOf, ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { DataQuery, DataRequest, DataResponse } from "../model/data.js";
import { type AnswerEncoder, answerEach, keepAnswers, queryContext } from "./answer-encoder.js";
import { styleBridge } from "./legacy-queries.js";
import type { RunLimits } from "./run-each.js";
import type { CallTrace, DataAnswer, Handler } from "./types.js";

/**
 * `log` and `trace` are the call's: each query runs in a child span of `trace` when there is
 * one. `encode` turns each answer into what the edge sends as soon as it is there, within the
 * query's deadline; a failed query's error answer is encoded too. Results in query order.
 */
export function answerDataQueries<T = DataResponse>(
  handler: Handler,
  request: DataRequest,
  log: Logger,
  limits: RunLimits,
  trace?: CallTrace,
  encode: AnswerEncoder<DataResponse, DataQuery, T> = keepAnswers,
): Promise<T[]> {
  return answerEach(request.queries, {
    async answer(query, run, span) {
      if (handler.style === "legacy") {
        const call = queryContext(run, log, span, {});
        return (await styleBridge()).legacyAnswerAsData(handler, query, request, call);
      }
      return checkAnswer(await handler.queryData(query, queryContext(run, log, span, { request })));
    },
    failed: (error) => ({
      frames: [],
      error: error.message,
      status: httpStatusOf(error),
      errorSource: error.source,
    }),
    encode,
    log,
    limits,
    ...(trace && { trace, queryType: (query: DataQuery) => query.queryType }),
  });
}

function checkAnswer(answer: unknown): DataResponse {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
    const got = Array.isArray(answer) ? "an array" : String(answer);
    throw new ShimError(ErrorCode.Handler, `handler returned ${got} instead of a response object`);
  }
  const { frames, ...rest } = answer as DataAnswer;
  if (frames !== undefined && !Array.isArray(frames)) {
    throw new ShimError(ErrorCode.Handler, "handler response `frames` must be an array of frames");
  }
  return { ...rest, frames: frames ?? [] };
}
