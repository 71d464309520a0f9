/** `pluginv2.Diagnostics`: the handler's health check (or a default) and Prometheus metrics. */
import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { toShimError } from "../../errors.js";
import type { Handler, HealthResult } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { ShimMetrics } from "../../metrics.js";
import { callSignal } from "../grpc/call-signal.js";
import { pluginContextFromProto } from "./convert-context.js";
import { HealthStatus, type WireCheckHealthRequest, type WireCheckHealthResponse } from "./wire.js";

export interface DiagnosticsDeps {
  readonly handler: Handler;
  readonly log: Logger;
  readonly metrics: ShimMetrics;
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
      const { signal, dispose } = callSignal(call);
      try {
        const check = deps.handler.checkHealth;
        const result = check
          ? await check.call(deps.handler, {
              pluginContext: pluginContextFromProto(call.request.pluginContext),
              headers: { ...call.request.headers },
              signal,
              log: deps.log,
            })
          : defaultHealth(deps.handler, deps.version);
        callback(null, healthToProto(result));
      } catch (thrown) {
        const message = `health check failed: ${toShimError(thrown).message}`;
        deps.log.warn(message);
        callback(null, healthToProto({ status: "error", message }));
      } finally {
        dispose();
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
