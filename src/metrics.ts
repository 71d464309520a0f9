/** Prometheus metrics for CollectMetrics: process metrics plus queries by protocol and handler. */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export type Protocol = "v1" | "v2" | "http-tsdb" | "http-ds";

export class ShimMetrics {
  readonly registry = new Registry();
  readonly #queries = new Counter({
    name: "grafana_shim_queries_total",
    help: "Queries answered, by protocol and handler",
    labelNames: ["protocol", "handler"],
    registers: [this.registry],
  });
  readonly #errors = new Counter({
    name: "grafana_shim_query_errors_total",
    help: "Queries answered with an error, by protocol and handler",
    labelNames: ["protocol", "handler"],
    registers: [this.registry],
  });
  readonly #latency = new Histogram({
    name: "grafana_shim_request_duration_seconds",
    help: "Time to answer a whole request, by protocol and handler",
    labelNames: ["protocol", "handler"],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one answered request of `queries` queries, `errors` of them failed. */
  request(
    protocol: Protocol,
    handler: string,
    seconds: number,
    queries: number,
    errors: number,
  ): void {
    const labels = { protocol, handler };
    this.#queries.inc(labels, queries);
    if (errors > 0) this.#errors.inc(labels, errors);
    this.#latency.observe(labels, seconds);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
