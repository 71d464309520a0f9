/**
 * `/models.DatasourcePlugin/Query`: convert in, answer with the handler, convert out.
 * Query failures are data in their result; only a request that cannot be read at
 * all becomes a gRPC error.
 */
import { type ServerUnaryCall, type sendUnaryData, status } from "@grpc/grpc-js";
import { toShimError } from "../../errors.js";
import { AnswerBudget } from "../../handler/answer-budget.js";
import { answerLegacyQueries } from "../../handler/legacy-queries.js";
import type { CallSpan, Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import { errorCounts } from "../../metrics.js";
import type { LegacyResult } from "../../model/legacy.js";
import { callEnd } from "../../protocol/grpc/call-signal.js";
import { serviceDefinition } from "../../protocol/grpc/service-definition.js";
import { metadataReader } from "../../protocol/grpc/trace-metadata.js";
import {
  type ConvertedRequest,
  legacyRequestFromProto,
} from "../../protocol/v1/convert-request.js";
import {
  errorResultToProto,
  queryResultBytes,
  queryResultToProto,
  type ResultOptions,
} from "../../protocol/v1/convert-result.js";
import type {
  WireDatasourceRequest,
  WireDatasourceResponse,
  WireQueryResult,
} from "../../protocol/v1/wire.js";
import {
  datasourceInfoAttributes,
  endCallSpan,
  rpcAttributes,
} from "../../tracing/call-attributes.js";
import { type Tracing, tracedLog } from "../../tracing/tracing.js";

export interface ProtocolV1Deps extends ResultOptions {
  readonly handler: Handler;
  readonly log: Logger;
  readonly tracing: Tracing;
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** What the results of one request may take in all (the message is bounded by it). */
  readonly answerBudgetMiB: number;
}

/** A query's result on the wire, with whose fault its error is (for the call's span). */
interface Answer {
  readonly wire: WireQueryResult;
  readonly errorSource?: LegacyResult["errorSource"];
}

export const protocolV1Definition = () =>
  serviceDefinition("legacy/datasource.proto", "models.DatasourcePlugin");

const route = "/models.DatasourcePlugin/Query";

export function protocolV1Implementation(deps: ProtocolV1Deps) {
  const { handler } = deps;
  return {
    async Query(
      call: ServerUnaryCall<WireDatasourceRequest, WireDatasourceResponse>,
      callback: sendUnaryData<WireDatasourceResponse>,
    ) {
      let converted: ConvertedRequest;
      try {
        converted = legacyRequestFromProto(call.request);
      } catch (thrown) {
        callback({ code: status.INVALID_ARGUMENT, details: toShimError(thrown).message });
        return;
      }
      if (call.request.queries.length === 0) {
        callback({ code: status.INVALID_ARGUMENT, details: "the request has no queries" });
        return;
      }
      if (deps.tracing.loading) await deps.tracing.loading;
      const ds = converted.request.datasource;
      const span = deps.tracing.begin("sdk.query", metadataReader(call.metadata));
      span?.setAttributes({ ...rpcAttributes(route), ...datasourceInfoAttributes(ds) });
      const log = tracedLog(deps.log, span);
      const { ended, ...end } = callEnd(call);
      const budget = new AnswerBudget(deps.answerBudgetMiB * 1024 * 1024);
      const limits = { concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, ...end };
      // Each result is converted as soon as it is there and charged to the budget.
      const answers = await answerLegacyQueries(handler, converted.request, log, limits, span, {
        answer: (result) => {
          const answer = answerToProto(result, deps);
          budget.share().take(queryResultBytes(answer.wire));
          return answer;
        },
        failure: (result) => answerToProto(result, deps),
      });
      const results = responseOrder(converted, answers);
      if (span) endSpan(span, answers, results, ended());
      callback(null, { results });
    },
  };
}

/** Failed results (rejected, failed or unconvertible) are the plugin's unless the answer says downstream. */
function endSpan(
  span: CallSpan,
  answers: readonly Answer[],
  results: readonly WireQueryResult[],
  cancelled: boolean,
): void {
  const downstreamErrors = errorCounts(
    answers.map((answer) => ({ error: answer.wire.error, errorSource: answer.errorSource })),
  ).downstream;
  const pluginErrors = results.filter((r) => r.error).length - downstreamErrors;
  endCallSpan(span, { pluginErrors, downstreamErrors, cancelled });
}

/** Results in request order: rejected queries keep their place beside answered ones. */
function responseOrder(converted: ConvertedRequest, answers: readonly Answer[]): WireQueryResult[] {
  if (converted.rejected.length === 0) return answers.map((answer) => answer.wire);
  const total = converted.rejected.length + answers.length;
  const rejectedAt = new Map(converted.rejected.map((r) => [r.index, r]));
  const results: WireQueryResult[] = [];
  let next = 0;
  for (let index = 0; index < total; index++) {
    const rejected = rejectedAt.get(index);
    if (rejected) results.push(errorResultToProto(rejected.refId, rejected.error.message));
    else results.push((answers[next++] as Answer).wire);
  }
  return results;
}

function answerToProto(result: LegacyResult, options: ResultOptions): Answer {
  const errorSource = result.error ? { errorSource: result.errorSource ?? "plugin" } : {};
  try {
    return { wire: queryResultToProto(result, options), ...errorSource };
  } catch (thrown) {
    return { wire: errorResultToProto(result.refId, toShimError(thrown).message) };
  }
}
