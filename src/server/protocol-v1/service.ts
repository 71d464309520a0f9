/**
 * `/models.DatasourcePlugin/Query`: convert in, answer with the handler, convert out.
 * Query failures are data in their result; only a request that cannot be read at
 * all becomes a gRPC error.
 */
import { type ServerUnaryCall, type sendUnaryData, status } from "@grpc/grpc-js";
import { toShimError } from "../../errors.js";
import { answerLegacyQueries } from "../../handler/legacy-queries.js";
import type { Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { ShimMetrics } from "../../metrics.js";
import type { LegacyResult } from "../../model/legacy.js";
import { callSignal } from "../grpc/call-signal.js";
import { serviceDefinition } from "../grpc/service-definition.js";
import { type ConvertedRequest, legacyRequestFromProto } from "./convert-request.js";
import { errorResultToProto, queryResultToProto, type ResultOptions } from "./convert-result.js";
import type { WireDatasourceRequest, WireDatasourceResponse, WireQueryResult } from "./wire.js";

export interface ProtocolV1Deps extends ResultOptions {
  readonly handler: Handler;
  readonly log: Logger;
  readonly metrics: ShimMetrics;
  readonly concurrency: number;
  readonly timeoutMs: number;
}

export const protocolV1Definition = () =>
  serviceDefinition("legacy/datasource.proto", "models.DatasourcePlugin");

export function protocolV1Implementation(deps: ProtocolV1Deps) {
  const { handler, log } = deps;
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
      const { signal, dispose } = callSignal(call);
      try {
        const limits = { concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, signal };
        const answers = await answerLegacyQueries(handler, converted.request, log, limits);
        const results = responseOrder(converted, answers, deps);
        const errors = results.filter((r) => r.error).length;
        const seconds = (performance.now() - started) / 1000;
        deps.metrics.request("v1", handler.name ?? handler.style, seconds, results.length, errors);
        callback(null, { results });
      } finally {
        dispose();
      }
    },
  };
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
