/** `pluginv2.Diagnostics`: the handler's health check (or a default) and Prometheus metrics. */
import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { toShimError } from "../../errors.js";
import type { Handler, HealthResult } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { ShimMetrics } from "../../metrics.js";
import { callSignal } from "../../protocol/grpc/call-signal.js";
import { metadataReader } from "../../protocol/grpc/trace-metadata.js";
import { pluginContextFromProto } from "../../protocol/v2/convert-context.js";
import {
  HealthStatus,
  type WireCheckHealthRequest,
  type WireCheckHealthResponse,
} from "../../protocol/v2/wire.js";
import {
  endCallSpan,
  pluginContextAttributes,
  rpcAttributes,
} from "../../tracing/call-attributes.js";
import { type Tracing, tracedLog } from "../../tracing/tracing.js";

export interface DiagnosticsDeps {
  readonly handler: Handler;
  readonly log: Logger;
  readonly metrics: ShimMetrics;
  readonly tracing: Tracing;
  readonly version: string;
}

const statuses = {
  ok: HealthStatus.OK,
  error: HealthStatus.ERROR,
  unknown: HealthStatus.UNKNOWN,
} as const;

export function healthToProto(result: HealthResult): WireCheckHealthResponse {
  const details =
    result.details === undefined
      ? undefined
      : new TextEncoder().encode(JSON.stringify(result.details));
  return {
    status: statuses[result.status] ?? HealthStatus.UNKNOWN,
    message: String(result.message ?? ""),
    ...(details ? { jsonDetails: details } : {}),
  };
}

export function defaultHealth(handler: Handler, version: string): HealthResult {
  const name = handler.name ?? "unnamed";
  return {
    status: "ok",
    message: `grafana-shim ${version} is serving the ${handler.style}-style handler "${name}"`,
  };
}

export function diagnosticsImplementation(deps: DiagnosticsDeps) {
  return {
    async CheckHealth(
      call: ServerUnaryCall<WireCheckHealthRequest, WireCheckHealthResponse>,
      callback: sendUnaryData<WireCheckHealthResponse>,
    ) {
      if (deps.tracing.loading) await deps.tracing.loading;
      const pluginContext = pluginContextFromProto(call.request.pluginContext);
      const span = deps.tracing.begin("sdk.checkHealth", metadataReader(call.metadata));
      span?.setAttributes({
        ...rpcAttributes("/pluginv2.Diagnostics/CheckHealth"),
        ...pluginContextAttributes(pluginContext),
      });
      const log = tracedLog(deps.log, span);
      const { signal, dispose } = callSignal(call);
      let error: string | undefined;
      try {
        const check = deps.handler.checkHealth;
        const ctx = { pluginContext, headers: { ...call.request.headers }, signal, log };
        const result = check
          ? await check.call(deps.handler, span ? { ...ctx, trace: span } : ctx)
          : defaultHealth(deps.handler, deps.version);
        callback(null, healthToProto(result));
      } catch (thrown) {
        error = `health check failed: ${toShimError(thrown).message}`;
        log.warn(error);
        callback(null, healthToProto({ status: "error", message: error }));
      } finally {
        dispose();
        if (span)
          endCallSpan(span, { pluginErrors: 0, downstreamErrors: 0, ...(error ? { error } : {}) });
      }
    },

    async CollectMetrics(
      _call: ServerUnaryCall<unknown, unknown>,
      callback: sendUnaryData<unknown>,
    ) {
      const text = await deps.metrics.text();
      callback(null, { metrics: { prometheus: new TextEncoder().encode(text) } });
    },
  };
}
