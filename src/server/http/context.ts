/** What every route of the gateway shares. */
import type { DatasourceRegistry } from "../../datasources/registry.js";
import type { Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { ShimMetrics } from "../../metrics.js";
import type { Tracing } from "../../tracing/tracing.js";
import type { GatewayOptions } from "./options.js";

export interface GatewayContext {
  readonly handler: Handler;
  readonly datasources: DatasourceRegistry;
  readonly options: GatewayOptions;
  readonly log: Logger;
  /** Served on GET /metrics. */
  readonly metrics: ShimMetrics;
  readonly tracing: Tracing;
  /** Epoch ms; replaceable in tests. */
  readonly now: () => number;
}
