/** Registers every pluginv2 service the shim serves on a gRPC server. */
import type { Server } from "@grpc/grpc-js";
import type { Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { ShimMetrics } from "../../metrics.js";
import { serviceDefinition } from "../../protocol/grpc/service-definition.js";
import type { Tracing } from "../../tracing/tracing.js";
import { dataImplementation } from "./data-service.js";
import { diagnosticsImplementation } from "./diagnostics-service.js";
import { resourceImplementation } from "./resource-service.js";
import { streamImplementation } from "./stream-service.js";

export interface ProtocolV2Deps {
  readonly handler: Handler;
  readonly log: Logger;
  readonly metrics: ShimMetrics;
  readonly tracing: Tracing;
  readonly version: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly answerBudgetMiB: number;
}

const proto = "v2/backend.proto";

export function addProtocolV2Services(server: Server, deps: ProtocolV2Deps): void {
  server.addService(serviceDefinition(proto, "pluginv2.Data"), dataImplementation(deps));
  server.addService(
    serviceDefinition(proto, "pluginv2.Diagnostics"),
    diagnosticsImplementation(deps),
  );
  server.addService(
    serviceDefinition(proto, "pluginv2.Resource"),
    resourceImplementation(deps.handler, deps.log, deps.tracing),
  );
  server.addService(
    serviceDefinition(proto, "pluginv2.Stream"),
    streamImplementation(deps.handler, deps.log),
  );
}
