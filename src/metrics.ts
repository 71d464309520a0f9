/**
 * Prometheus metrics, one registry per process, served by protocol 2's CollectMetrics and the
 * gateway's GET /metrics: queries answered and failed by route, datasource type and error
 * source, request latency, the simplejson handler's upstream calls, process metrics.
 * prom-client loads once the first request was recorded (plugin mode: an idle plugin never
 * loads it) or after the gateway's listen (`start()`), so it costs nothing on the way to the
 * first answer; what is recorded before that is replayed. Protocol 1 has no CollectMetrics and
 * makes no ShimMetrics: prom-client never loads there.
 * Names: docs/monitoring.md#metrics.
 */

/** Where queries came in: the gRPC method or the gateway's route. */
export type QueryRoute =
  | "/pluginv2.Data/QueryData"
  | "/pluginv2.Data/QueryChunkedData"
  | "/api/tsdb/query"
  | "/api/ds/query";

/** One answered request: how long it took, how many queries, how many failed and whose fault. */
export interface RequestSample {
  readonly route: QueryRoute;
  readonly handler: string;
  readonly datasourceType: string;
  readonly seconds: number;
  readonly queries: number;
  readonly pluginErrors: number;
  readonly downstreamErrors: number;
}

type UpstreamSample = readonly [route: string, status: string, seconds: number];

interface Instruments {
  readonly request: (sample: RequestSample) => void;
  readonly upstream: (...sample: UpstreamSample) => void;
  readonly text: () => Promise<string>;
  readonly contentType: string;
}

const buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];
/** Past this many label combinations new ones are still counted, only not cached. */
const maxCached = 1000;

async function instruments(withProcessMetrics: boolean): Promise<Instruments> {
  const { Counter, collectDefaultMetrics, Histogram, Registry } = await import("prom-client");
  const registry = new Registry();
  const registers = [registry];
  const labelNames = ["route", "handler", "datasource_type"] as const;
  const queries = new Counter({
    name: "grafana_shim_queries_total",
    help: "Queries answered, by route, handler and datasource type",
    labelNames,
    registers,
  });
  const errors = new Counter({
    name: "grafana_shim_query_errors_total",
    help: "Queries answered with an error, by route, handler, datasource type and error source",
    labelNames: [...labelNames, "error_source"],
    registers,
  });
  const latency = new Histogram({
    name: "grafana_shim_request_duration_seconds",
    help: "Time to answer a whole request, by route, handler and datasource type",
    labelNames,
    buckets,
    registers,
  });
  const upstreamCalls = new Counter({
    name: "grafana_shim_upstream_requests_total",
    help: "HTTP calls of the simplejson handler to its server, by route and status (a code, error or timeout)",
    labelNames: ["route", "status"],
    registers,
  });
  const upstreamLatency = new Histogram({
    name: "grafana_shim_upstream_request_duration_seconds",
    help: "Time of the simplejson handler's calls to its server, by route",
    labelNames: ["route"],
    buckets,
    registers,
  });
  if (withProcessMetrics) collectDefaultMetrics({ register: registry });

  // Children bound to their labels once: prom-client hashes a labels object on every call otherwise.
  type Bound = ReturnType<typeof bind>;
  const bind = (s: RequestSample) => {
    const labels = { route: s.route, handler: s.handler, datasource_type: s.datasourceType };
    return {
      queries: queries.labels(labels),
      plugin: errors.labels({ ...labels, error_source: "plugin" }),
      downstream: errors.labels({ ...labels, error_source: "downstream" }),
      latency: latency.labels(labels),
    };
  };
  const bound = new Map<string, Bound>();
  const boundUpstream = new Map<
    string,
    {
      calls: ReturnType<typeof upstreamCalls.labels>;
      latency: ReturnType<typeof upstreamLatency.labels>;
    }
  >();
  return {
    request(s) {
      const key = `${s.route}\0${s.handler}\0${s.datasourceType}`;
      let b = bound.get(key);
      if (!b) {
        b = bind(s);
        if (bound.size < maxCached) bound.set(key, b);
      }
      b.queries.inc(s.queries);
      if (s.pluginErrors > 0) b.plugin.inc(s.pluginErrors);
      if (s.downstreamErrors > 0) b.downstream.inc(s.downstreamErrors);
      b.latency.observe(s.seconds);
    },
    upstream(route, status, seconds) {
      const key = `${route}\0${status}`;
      let b = boundUpstream.get(key);
      if (!b) {
        b = {
          calls: upstreamCalls.labels({ route, status }),
          latency: upstreamLatency.labels({ route }),
        };
        if (boundUpstream.size < maxCached) boundUpstream.set(key, b);
      }
      b.calls.inc();
      b.latency.observe(seconds);
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** The registry of this process; the simplejson handler's upstream calls are recorded in it. */
let current: ShimMetrics | undefined;

export class ShimMetrics {
  readonly #withProcessMetrics: boolean;
  #ready: Promise<Instruments> | undefined;
  #instruments: Instruments | undefined;
  #pending: (RequestSample | UpstreamSample)[] = [];

  constructor(withProcessMetrics = true) {
    this.#withProcessMetrics = withProcessMetrics;
    current = this;
  }

  /** Loads prom-client; called once serving has started. */
  start(): Promise<Instruments> {
    this.#ready ??= instruments(this.#withProcessMetrics).then((ready) => {
      for (const sample of this.#pending) {
        if (Array.isArray(sample)) ready.upstream(...(sample as UpstreamSample));
        else ready.request(sample as RequestSample);
      }
      this.#pending = [];
      this.#instruments = ready;
      return ready;
    });
    return this.#ready;
  }

  /** Records one answered request. */
  request(sample: RequestSample): void {
    if (this.#instruments) this.#instruments.request(sample);
    else this.#keep(sample);
  }

  /** Records one upstream call: its route, its HTTP status or `error` / `timeout`. */
  upstream(route: string, status: string, seconds: number): void {
    if (this.#instruments) this.#instruments.upstream(route, status, seconds);
    else this.#keep([route, status, seconds]);
  }

  /** Until prom-client is there; loading it waits for the answer being sent to go out. */
  #keep(sample: RequestSample | UpstreamSample): void {
    if (this.#pending.length < 10_000) this.#pending.push(sample);
    // A failed load is not lost: CollectMetrics and GET /metrics get it from start().
    if (!this.#ready) setImmediate(() => this.start().catch(() => undefined));
  }

  async text(): Promise<string> {
    return (await this.start()).text();
  }

  /** The Content-Type of `text()` (Prometheus text format 0.0.4). */
  async contentType(): Promise<string> {
    return (await this.start()).contentType;
  }
}

/** An upstream call, counted in this process's registry when there is one (not on protocol 1). */
export function recordUpstreamCall(route: string, status: string, seconds: number): void {
  current?.upstream(route, status, seconds);
}

/** Failed answers by whose fault: `downstream` only when the answer says so. */
export function errorCounts(
  answers: Iterable<{
    readonly error?: string | undefined;
    readonly errorSource?: string | undefined;
  }>,
): { plugin: number; downstream: number } {
  let plugin = 0;
  let downstream = 0;
  for (const answer of answers) {
    if (!answer.error) continue;
    if (answer.errorSource === "downstream") downstream++;
    else plugin++;
  }
  return { plugin, downstream };
}
