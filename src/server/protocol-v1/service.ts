/**
 * `/models.DatasourcePlugin/Query`: convert in, answer with the handler, convert out.
 * Query failures are data in their result; only a request that cannot be read at
 * all becomes a gRPC error.
 */
import { type ServerUnaryCall, type sendUnaryData, status } from "@grpc/grpc-js";
import { toShimError } from "../../errors.js";
import { answerLegacyQueries } from "../../handler/legacy-queries.js";
import type { CallSpan, Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import { errorCounts, type ShimMetrics } from "../../metrics.js";
import type { DatasourceInfo, LegacyResult } from "../../model/legacy.js";
import {
  datasourceInfoAttributes,
  endCallSpan,
  rpcAttributes,
} from "../../tracing/call-attributes.js";
import { type Tracing, tracedLog } from "../../tracing/tracing.js";
import { callSignal } from "../grpc/call-signal.js";
import { serviceDefinition } from "../grpc/service-definition.js";
import { metadataReader } from "../grpc/trace-metadata.js";
import { type ConvertedRequest, legacyRequestFromProto } from "./convert-request.js";
import { errorResultToProto, queryResultToProto, type ResultOptions } from "./convert-result.js";
import type { WireDatasourceRequest, WireDatasourceResponse, WireQueryResult } from "./wire.js";

export interface ProtocolV1Deps extends ResultOptions {
  readonly handler: Handler;
  readonly log: Logger;
  /** Absent on protocol 1 in plugin mode: no host collects metrics there. */
  readonly metrics?: ShimMetrics;
  readonly tracing: Tracing;
  readonly concurrency: number;
  readonly timeoutMs: number;
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
      const started = performance.now();
      if (deps.tracing.loading) await deps.tracing.loading;
      const ds = converted.request.datasource;
      const span = deps.tracing.begin("sdk.query", metadataReader(call.metadata));
      span?.setAttributes({ ...rpcAttributes(route), ...datasourceInfoAttributes(ds) });
      const log = tracedLog(deps.log, span);
      const { signal, dispose } = callSignal(call);
      try {
        const limits = { concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, signal };
        const answers = await answerLegacyQueries(handler, converted.request, log, limits, span);
        const results = responseOrder(converted, answers, deps);
        if (span || deps.metrics) {
          const seconds = (performance.now() - started) / 1000;
          observe(deps, span, { ds, answers, results, seconds, cancelled: signal.aborted });
        }
        callback(null, { results });
      } finally {
        dispose();
      }
    },
  };
}

interface Answered {
  readonly ds: DatasourceInfo;
  readonly answers: readonly LegacyResult[];
  readonly results: readonly WireQueryResult[];
  readonly seconds: number;
  readonly cancelled: boolean;
}

/** Failed results (rejected, failed or unconvertible) are the plugin's unless the answer says downstream. */
function observe(deps: ProtocolV1Deps, span: CallSpan | undefined, a: Answered): void {
  const downstreamErrors = errorCounts(a.answers).downstream;
  const pluginErrors = a.results.filter((r) => r.error).length - downstreamErrors;
  if (span) endCallSpan(span, { pluginErrors, downstreamErrors, cancelled: a.cancelled });
  deps.metrics?.request({
    route,
    handler: deps.handler.name ?? deps.handler.style,
    datasourceType: a.ds.type,
    seconds: a.seconds,
    queries: a.results.length,
    pluginErrors,
    downstreamErrors,
  });
}

/** Results in request order: rejected queries keep their place beside answered ones. */
function responseOrder(
  converted: ConvertedRequest,
  answers: readonly LegacyResult[],
  options: ResultOptions,
): WireQueryResult[] {
  const total = converted.rejected.length + answers.length;
  const rejectedAt = new Map(converted.rejected.map((r) => [r.index, r]));
  const results: WireQueryResult[] = [];
  let next = 0;
  for (let index = 0; index < total; index++) {
    const rejected = rejectedAt.get(index);
    if (rejected) results.push(errorResultToProto(rejected.refId, rejected.error.message));
    else results.push(resultToProto(answers[next++] as LegacyResult, options));
  }
  return results;
}

function resultToProto(result: LegacyResult, options: ResultOptions): WireQueryResult {
  try {
    return queryResultToProto(result, options);
  } catch (thrown) {
    return errorResultToProto(result.refId, toShimError(thrown).message);
  }
}
