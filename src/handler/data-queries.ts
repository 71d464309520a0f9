/** Answers every query of a DataRequest (protocol 2, /api/ds/query), each query on its own. */
import { ErrorCode, httpStatusOf, ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { DataQuery, DataRequest, DataResponse } from "../model/data.js";
import { styleBridge } from "./legacy-queries.js";
import { type RunLimits, runEach } from "./run-each.js";
import type { DataAnswer, Handler } from "./types.js";

export async function answerDataQueries(
  handler: Handler,
  request: DataRequest,
  log: Logger,
  limits: RunLimits,
): Promise<DataResponse[]> {
  const answerOne = async (query: DataQuery, signal: AbortSignal): Promise<DataResponse> => {
    if (handler.style === "legacy")
      return (await styleBridge()).legacyAnswerAsData(handler, query, request, { signal, log });
    return checkAnswer(await handler.queryData(query, { request, signal, log }));
  };
  const settled = await runEach(request.queries, answerOne, limits);
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
