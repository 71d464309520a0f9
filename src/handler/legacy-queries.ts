/** Answers every query of a legacy request (protocol 1, /api/tsdb/query), each query on its own. */
import { ErrorCode, ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { LegacyQuery, LegacyRequest, LegacyResult } from "../model/legacy.js";
import { type RunLimits, runEach } from "./run-each.js";
import type { Handler } from "./types.js";

export async function answerLegacyQueries(
  handler: Handler,
  request: LegacyRequest,
  log: Logger,
  limits: RunLimits,
): Promise<LegacyResult[]> {
  const settled = await runEach(
    request.queries,
    async (query, signal) =>
      handler.style === "legacy"
        ? checkAnswer(await handler.query(query, { request, signal, log }), query)
        : (await styleBridge()).framesAnswerAsLegacy(handler, query, request, { signal, log }),
    limits,
  );
  return settled.map((outcome, i) => {
    if (outcome.ok) return outcome.value;
    const refId = request.queries[i]?.refId ?? "";
    log.warn("query failed", { refId, code: outcome.error.code, error: outcome.error.message });
    return { refId, error: outcome.error.message };
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
