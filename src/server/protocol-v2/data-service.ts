/**
 * `pluginv2.Data`: QueryData and QueryChunkedData. Convert in, answer with the
 * handler (either style), convert out; query failures are data in their response.
 */
import type { ServerUnaryCall, ServerWritableStream, sendUnaryData } from "@grpc/grpc-js";
import { AnswerBudget } from "../../handler/answer-budget.js";
import { answerDataQueries } from "../../handler/data-queries.js";
import type { Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import { errorCounts, type QueryRoute, type ShimMetrics } from "../../metrics.js";
import { callEnd } from "../../protocol/grpc/call-signal.js";
import { metadataReader } from "../../protocol/grpc/trace-metadata.js";
import {
  type ConvertedDataRequest,
  dataRequestFromProto,
} from "../../protocol/v2/convert-request.js";
import {
  dataResponseToProto,
  errorResponseToProto,
  frameEncodersReady,
  mergeResponses,
} from "../../protocol/v2/convert-response.js";
import type {
  WireDataResponse,
  WireQueryChunkedDataResponse,
  WireQueryDataRequest,
  WireQueryDataResponse,
} from "../../protocol/v2/wire.js";
import {
  endCallSpan,
  pluginContextAttributes,
  rpcAttributes,
} from "../../tracing/call-attributes.js";
import { type Tracing, tracedLog } from "../../tracing/tracing.js";

export interface DataServiceDeps {
  readonly handler: Handler;
  readonly log: Logger;
  readonly metrics: ShimMetrics;
  readonly tracing: Tracing;
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** What the frames of one request's answers may take in all (the message is bounded by it). */
  readonly answerBudgetMiB: number;
}

/** Every answer is encoded to its wire response as soon as it is there, charged to the budget. */
async function answer(
  deps: DataServiceDeps,
  route: QueryRoute,
  call:
    | ServerUnaryCall<WireQueryDataRequest, unknown>
    | ServerWritableStream<WireQueryDataRequest, unknown>,
) {
  const started = performance.now();
  await frameEncodersReady();
  if (deps.tracing.loading) await deps.tracing.loading;
  const converted = dataRequestFromProto(call.request);
  const { pluginContext } = converted.request;
  const name = route.endsWith("ChunkedData") ? "sdk.queryChunkedData" : "sdk.queryData";
  const span = deps.tracing.begin(name, metadataReader(call.metadata));
  span?.setAttributes({ ...rpcAttributes(route), ...pluginContextAttributes(pluginContext) });
  const log = tracedLog(deps.log, span);
  const { ended, ...end } = callEnd(call);
  const budget = new AnswerBudget(deps.answerBudgetMiB * 1024 * 1024);
  const limits = { concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, ...end };
  const request = converted.request;
  const { format } = request;
  const answers = await answerDataQueries(deps.handler, request, log, limits, span, {
    answer: (response, query) => dataResponseToProto(query.refId, response, format, budget.share()),
    failure: (response, query) => dataResponseToProto(query.refId, response, format),
  });
  const errors = errorCounts(answers);
  const pluginErrors = errors.plugin + converted.rejected.length;
  if (span) {
    const outcome = { pluginErrors, downstreamErrors: errors.downstream };
    endCallSpan(span, { ...outcome, cancelled: ended() });
  }
  deps.metrics.request({
    route,
    handler: deps.handler.name ?? deps.handler.style,
    datasourceType: pluginContext.datasource?.type || pluginContext.pluginId,
    seconds: (performance.now() - started) / 1000,
    queries: call.request.queries.length,
    pluginErrors,
    downstreamErrors: errors.downstream,
  });
  return { converted, answers, log };
}

export function dataImplementation(deps: DataServiceDeps) {
  return {
    async QueryData(
      call: ServerUnaryCall<WireQueryDataRequest, WireQueryDataResponse>,
      callback: sendUnaryData<WireQueryDataResponse>,
    ) {
      const { converted, answers, log } = await answer(deps, "/pluginv2.Data/QueryData", call);
      callback(null, { responses: responseMap(converted, answers, log) });
    },

    async QueryChunkedData(
      call: ServerWritableStream<WireQueryDataRequest, WireQueryChunkedDataResponse>,
    ) {
      const { converted, answers } = await answer(deps, "/pluginv2.Data/QueryChunkedData", call);
      for (const message of chunkedMessages(converted, answers)) {
        if (call.cancelled) break;
        call.write(message);
      }
      call.end();
    },
  };
}

/** Every query's wire response in request order: rejected queries, then answered ones. */
function wireResponses(
  converted: ConvertedDataRequest,
  answers: readonly WireDataResponse[],
): [string, WireDataResponse][] {
  const { format, queries } = converted.request;
  return [
    ...converted.rejected.map((r): [string, WireDataResponse] => [
      r.refId,
      errorResponseToProto(r.error, format),
    ]),
    ...answers.map((wire, i): [string, WireDataResponse] => [queries[i]?.refId ?? "", wire]),
  ];
}

function responseMap(
  converted: ConvertedDataRequest,
  answers: readonly WireDataResponse[],
  log: Logger,
) {
  const responses: Record<string, WireDataResponse> = {};
  for (const [refId, response] of wireResponses(converted, answers)) {
    const earlier = responses[refId];
    if (earlier) log.warn("duplicate refId: answers merged", { refId });
    responses[refId] = earlier ? mergeResponses(earlier, response) : response;
  }
  return responses;
}

/** One message per frame (each frame whole, so each frameId appears once), or one for a frameless answer. */
function* chunkedMessages(
  converted: ConvertedDataRequest,
  answers: readonly WireDataResponse[],
): Generator<WireQueryChunkedDataResponse> {
  for (const [refId, wire] of wireResponses(converted, answers)) {
    const errors = wire.error
      ? { error: wire.error, errorSource: wire.errorSource ?? "plugin" }
      : {};
    const base = { refId, status: wire.status, format: wire.format, ...errors };
    if (wire.frames.length === 0) yield { ...base, frameId: "" };
    for (const [f, frame] of wire.frames.entries())
      yield { ...base, frameId: `${refId}/${f}`, frame };
  }
}
