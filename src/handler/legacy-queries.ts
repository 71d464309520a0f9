/** Answers every query of a legacy request (protocol 1, /api/tsdb/query), each query on its own. */
import { ErrorCode, ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { LegacyQuery, LegacyRequest, LegacyResult } from "../model/legacy.js";
import { QuerySpans } from "./query-spans.js";
import { type RunLimits, runEach } from "./run-each.js";
import type { CallTrace, Handler } from "./types.js";

/** `log` and `trace` are the call's: each query runs in a child span of `trace` when there is one. */
export async function answerLegacyQueries(
  handler: Handler,
  request: LegacyRequest,
  log: Logger,
  limits: RunLimits,
  trace?: CallTrace,
): Promise<LegacyResult[]> {
  const answer = async (query: LegacyQuery, signal: AbortSignal, span?: CallTrace) => {
    const call = span ? { signal, log, trace: span } : { signal, log };
    return handler.style === "legacy"
      ? checkAnswer(await handler.query(query, { ...call, request }), query)
      : (await styleBridge()).framesAnswerAsLegacy(handler, query, request, call);
  };
  const spans = trace ? new QuerySpans<LegacyQuery>(trace) : undefined;
  const answerOne = spans
    ? (query: LegacyQuery, signal: AbortSignal) =>
        spans.run(query, "", (span) => answer(query, signal, span))
    : answer;
  const settled = await runEach(request.queries, answerOne, limits);
  spans?.settle(request.queries, settled);
  return settled.map((outcome, i) => {
    if (outcome.ok) return outcome.value;
    const refId = request.queries[i]?.refId ?? "";
    log.warn("query failed", { refId, code: outcome.error.code, error: outcome.error.message });
    return { refId, error: outcome.error.message, errorSource: outcome.error.source };
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
