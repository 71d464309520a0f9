/**
 * Prometheus metrics for CollectMetrics: process metrics plus queries, errors
 * and latency by protocol and handler. prom-client loads after the handshake
 * (`start()`), so it costs nothing on the way to the first answer; requests
 * recorded before that are replayed.
 */
export type Protocol = "v1" | "v2" | "http-tsdb" | "http-ds";

type Sample = readonly [
  protocol: Protocol,
  handler: string,
  seconds: number,
  queries: number,
  errors: number,
];

interface Instruments {
  readonly record: (...sample: Sample) => void;
  readonly text: () => Promise<string>;
}

async function instruments(withProcessMetrics: boolean): Promise<Instruments> {
  const { Counter, collectDefaultMetrics, Histogram, Registry } = await import("prom-client");
  const registry = new Registry();
  const labelNames = ["protocol", "handler"] as const;
  const queries = new Counter({
    name: "grafana_shim_queries_total",
    help: "Queries answered, by protocol and handler",
    labelNames,
    registers: [registry],
  });
  const errors = new Counter({
    name: "grafana_shim_query_errors_total",
    help: "Queries answered with an error, by protocol and handler",
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "grafana_shim_request_duration_seconds",
    help: "Time to answer a whole request, by protocol and handler",
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  if (withProcessMetrics) collectDefaultMetrics({ register: registry });
  return {
    record(protocol, handler, seconds, count, failed) {
      const labels = { protocol, handler };
      queries.inc(labels, count);
      if (failed > 0) errors.inc(labels, failed);
      latency.observe(labels, seconds);
    },
    text: () => registry.metrics(),
  };
}

export class ShimMetrics {
  readonly #withProcessMetrics: boolean;
  #ready: Promise<Instruments> | undefined;
  #instruments: Instruments | undefined;
  #pending: Sample[] = [];

  constructor(withProcessMetrics = true) {
    this.#withProcessMetrics = withProcessMetrics;
  }

  /** Loads prom-client; called once serving has started. */
  start(): Promise<Instruments> {
    this.#ready ??= instruments(this.#withProcessMetrics).then((ready) => {
      for (const sample of this.#pending) ready.record(...sample);
      this.#pending = [];
      this.#instruments = ready;
      return ready;
    });
    return this.#ready;
  }

  /** Records one answered request of `queries` queries, `errors` of them failed. */
  request(
    protocol: Protocol,
    handler: string,
    seconds: number,
    queries: number,
    errors: number,
  ): void {
    if (this.#instruments) this.#instruments.record(protocol, handler, seconds, queries, errors);
    else if (this.#pending.length < 10_000)
      this.#pending.push([protocol, handler, seconds, queries, errors]);
  }

  async text(): Promise<string> {
    return (await this.start()).text();
  }
}
