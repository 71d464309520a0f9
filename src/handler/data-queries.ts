/** Answers every query of a DataRequest (protocol 2, /api/ds/query), each query on its own. */
import { ErrorCode, httpStatusOf, ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { DataQuery, DataRequest, DataResponse } from "../model/data.js";
import { styleBridge } from "./legacy-queries.js";
import { QuerySpans } from "./query-spans.js";
import { type RunLimits, runEach } from "./run-each.js";
import type { CallTrace, DataAnswer, Handler } from "./types.js";

/** `log` and `trace` are the call's: each query runs in a child span of `trace` when there is one. */
export async function answerDataQueries(
  handler: Handler,
  request: DataRequest,
  log: Logger,
  limits: RunLimits,
  trace?: CallTrace,
): Promise<DataResponse[]> {
  const answer = async (
    query: DataQuery,
    signal: AbortSignal,
    span?: CallTrace,
  ): Promise<DataResponse> => {
    const call = span ? { signal, log, trace: span } : { signal, log };
    if (handler.style === "legacy")
      return (await styleBridge()).legacyAnswerAsData(handler, query, request, call);
    return checkAnswer(await handler.queryData(query, { ...call, request }));
  };
  const spans = trace ? new QuerySpans<DataQuery>(trace) : undefined;
  const answerOne = spans
    ? (query: DataQuery, signal: AbortSignal) =>
        spans.run(query, query.queryType, (span) => answer(query, signal, span))
    : answer;
  const settled = await runEach(request.queries, answerOne, limits);
  spans?.settle(request.queries, settled);
  return settled.map((outcome, i) => {
    if (outcome.ok) return outcome.value;
    const refId = request.queries[i]?.refId ?? "";
    log.warn("query failed", { refId, code: outcome.error.code, error: outcome.error.message });
    return {
      frames: [],
      error: outcome.error.message,
      status: httpStatusOf(outcome.error),
      errorSource: outcome.error.source,
    };
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
