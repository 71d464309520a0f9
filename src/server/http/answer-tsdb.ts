/**
 * /api/tsdb/query answers from either handler style: a legacy handler answers
 * as it is; a frames handler's frames become series and tables (adapters), and
 * optionally base64 Arrow in `dataframes` as Grafana 7.x (also) or 8.x (only) sent.
 */
import {
  framesToLegacyResultStream,
  type LegacyResultStream,
} from "../../adapters/legacy-result.js";
import { ErrorCode, ShimError, toShimError } from "../../errors.js";
import { frameToArrow } from "../../frames/arrow/frames.js";
import type { AnswerEncoder } from "../../handler/answer-encoder.js";
import { answerDataQueries } from "../../handler/data-queries.js";
import { answerLegacyQueries } from "../../handler/legacy-queries.js";
import type { RunLimits } from "../../handler/run-each.js";
import type { CallTrace, Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { DataRequest, DataResponse } from "../../model/data.js";
import type { LegacyRequest, Series } from "../../model/legacy.js";
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

/** Each query's result goes to `encode` as soon as it is answered; results in query order. */
export async function answerTsdb<T>(
  call: TsdbCall,
  encode: AnswerEncoder<TsdbResult, { readonly refId: string }, T>,
): Promise<T[]> {
  const { handler, log, limits, trace } = call;
  if (handler.style === "legacy") {
    return answerLegacyQueries(handler, call.legacy, log, limits, trace, {
      answer: (result, query, run) => encode.answer({ result }, query, run),
      failure: (result, query) => encode.failure({ result }, query),
    });
  }
  return answerDataQueries(handler, call.data(), log, limits, trace, {
    answer: (response, query, run) =>
      encode.answer(fromFrames(query.refId, response, call), query, run),
    failure: (response, query) => encode.failure(fromFrames(query.refId, response, call), query),
  });
}

/** The series are made a frame at a time as they are written (see TsdbResult.stream). */
function fromFrames(refId: string, response: DataResponse, call: TsdbCall): TsdbResult {
  const error = response.error
    ? { error: response.error, errorSource: response.errorSource ?? ("plugin" as const) }
    : {};
  try {
    const frames = response.frames.map((f) => (f.refId ? f : { ...f, refId }));
    const dataframes = call.dataframes === "off" ? undefined : frames.map(arrowBase64);
    if (dataframes && call.dataframes === "only")
      return { result: { refId, ...error }, dataframes, framesOnly: true };
    const stream = framesToLegacyResultStream(refId, frames);
    return {
      result: { ...stream.result, ...error },
      stream: { series: reported(stream, response, call), tables: stream.tables },
      ...(dataframes && { dataframes }),
    };
  } catch (thrown) {
    return { result: { refId, error: cannotSend(thrown, refId, response, call).message } };
  }
}

/** The stream's series, with what it lost logged at its end and its failure as the query's. */
function reported(
  stream: LegacyResultStream,
  response: DataResponse,
  call: TsdbCall,
): Iterable<readonly Series[]> {
  const { refId } = stream.result;
  return {
    *[Symbol.iterator]() {
      try {
        yield* stream.series;
      } catch (thrown) {
        throw cannotSend(thrown, refId, response, call);
      }
      if (stream.warnings.length > 0)
        call.log.debug("frames lost detail as series/tables", { refId, warnings: stream.warnings });
    },
  };
}

function cannotSend(thrown: unknown, refId: string, response: DataResponse, call: TsdbCall) {
  const reason = toShimError(thrown).message;
  call.log.warn("query answer cannot be sent as series/tables", { refId, error: reason });
  return new ShimError(ErrorCode.Handler, response.error ? `${response.error}; ${reason}` : reason);
}

function arrowBase64(frame: Parameters<typeof frameToArrow>[0]): string {
  const bytes = frameToArrow(frame);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
