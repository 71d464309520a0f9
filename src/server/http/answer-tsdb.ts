/**
 * /api/tsdb/query answers from either handler style: a legacy handler answers
 * as it is; a frames handler's frames become series and tables (adapters), and
 * optionally base64 Arrow in `dataframes` as Grafana 7.x (also) or 8.x (only) sent.
 */
import { framesToLegacyResult } from "../../adapters/index.js";
import { toShimError } from "../../errors.js";
import { frameToArrow } from "../../frames/arrow.js";
import { answerDataQueries } from "../../handler/data-queries.js";
import { answerLegacyQueries } from "../../handler/legacy-queries.js";
import type { RunLimits } from "../../handler/run-each.js";
import type { CallTrace, Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { DataRequest, DataResponse } from "../../model/data.js";
import type { LegacyRequest } from "../../model/legacy.js";
import type { TsdbResult } from "./legacy-json.js";
import type { TsdbDataframes } from "./options.js";

export interface TsdbCall {
  readonly handler: Handler;
  readonly legacy: LegacyRequest;
  /** The same request for a frames handler. */
  readonly data: () => DataRequest;
  readonly dataframes: TsdbDataframes;
  readonly log: Logger;
  readonly limits: RunLimits;
  readonly trace?: CallTrace;
}

export async function answerTsdb(call: TsdbCall): Promise<TsdbResult[]> {
  const { handler, log, limits, trace } = call;
  if (handler.style === "legacy") {
    const results = await answerLegacyQueries(handler, call.legacy, log, limits, trace);
    return results.map((result) => ({ result }));
  }
  const request = call.data();
  const responses = await answerDataQueries(handler, request, log, limits, trace);
  return responses.map((response, i) =>
    fromFrames(request.queries[i]?.refId ?? "", response, call),
  );
}

function fromFrames(refId: string, response: DataResponse, call: TsdbCall): TsdbResult {
  const error = response.error
    ? { error: response.error, errorSource: response.errorSource ?? ("plugin" as const) }
    : {};
  try {
    const frames = response.frames.map((f) => (f.refId ? f : { ...f, refId }));
    const dataframes = call.dataframes === "off" ? undefined : frames.map(arrowBase64);
    if (dataframes && call.dataframes === "only")
      return { result: { refId, ...error }, dataframes, framesOnly: true };
    const { result, warnings } = framesToLegacyResult(refId, frames);
    if (warnings.length > 0)
      call.log.debug("frames lost detail as series/tables", { refId, warnings });
    return { result: { ...result, ...error }, ...(dataframes && { dataframes }) };
  } catch (thrown) {
    const reason = toShimError(thrown).message;
    call.log.warn("query answer cannot be sent as series/tables", { refId, error: reason });
    return { result: { refId, error: response.error ? `${response.error}; ${reason}` : reason } };
  }
}

function arrowBase64(frame: Parameters<typeof frameToArrow>[0]): string {
  const bytes = frameToArrow(frame);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
