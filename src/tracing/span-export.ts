/**
 * Spans through OpenTelemetry's JS SDK, exported over OTLP (gRPC or HTTP/protobuf) in
 * batches. Imported only when export is configured: nothing of OpenTelemetry loads otherwise.
 * The tracer is the shim's own, not registered globally, so a handler's OpenTelemetry setup
 * stays its own.
 */
import {
  type Attributes,
  type Context,
  createTraceState,
  DiagLogLevel,
  diag,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  type SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import type { Logger } from "../log/logger.js";
import type { ExportSettings, SamplerSettings } from "./settings.js";
import type { TraceContext } from "./trace-context.js";

export type SpanKindName = "server" | "client" | "internal";
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

/** One recorded (or sampled-out) span. */
export interface SpanHandle {
  readonly context: TraceContext;
  child(name: string, kind: SpanKindName, attributes?: SpanAttributes): SpanHandle;
  set(attributes: SpanAttributes): void;
  fail(message: string): void;
  end(): void;
}

export interface SpanFactory {
  /** A span whose parent is the caller's context, or a new trace's root without one. */
  start(
    name: string,
    kind: SpanKindName,
    parent: TraceContext | undefined,
    attributes?: SpanAttributes,
  ): SpanHandle;
  /** Sends what is still batched; resolves within `timeoutMs` whatever the collector does. */
  shutdown(timeoutMs: number): Promise<void>;
}

const kinds: Readonly<Record<SpanKindName, SpanKind>> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  internal: SpanKind.INTERNAL,
};

class OtelSpan implements SpanHandle {
  readonly context: TraceContext;
  readonly #tracer: Tracer;
  readonly #span: Span;

  constructor(tracer: Tracer, span: Span) {
    this.#tracer = tracer;
    this.#span = span;
    const own = span.spanContext();
    const traceState = own.traceState?.serialize();
    this.context = {
      traceId: own.traceId,
      spanId: own.spanId,
      sampled: (own.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
      ...(traceState ? { traceState } : {}),
    };
  }

  child(name: string, kind: SpanKindName, attributes?: SpanAttributes): SpanHandle {
    const parent = trace.setSpan(ROOT_CONTEXT, this.#span);
    return startOtel(this.#tracer, name, kind, parent, attributes);
  }

  set(attributes: SpanAttributes): void {
    this.#span.setAttributes(attributes as Attributes);
  }

  fail(message: string): void {
    this.#span.setStatus({ code: SpanStatusCode.ERROR, message });
  }

  end(): void {
    this.#span.end();
  }
}

function startOtel(
  tracer: Tracer,
  name: string,
  kind: SpanKindName,
  parent: Context,
  attributes?: SpanAttributes,
): SpanHandle {
  const span = tracer.startSpan(
    name,
    { kind: kinds[kind], ...(attributes ? { attributes: attributes as Attributes } : {}) },
    parent,
  );
  return new OtelSpan(tracer, span);
}

function remoteParent(parent: TraceContext | undefined): Context {
  if (!parent) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parent.traceId,
    spanId: parent.spanId,
    traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    ...(parent.traceState ? { traceState: createTraceState(parent.traceState) } : {}),
  });
}

/** At most `perSecond` new traces a second, as grafana-plugin-sdk-go's rateLimiting sampler. */
class RateLimitingSampler implements Sampler {
  readonly #perSecond: number;
  #balance: number;
  readonly #max: number;
  #last = performance.now();

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
    this.#max = Math.max(perSecond, 1);
    this.#balance = this.#max;
  }

  shouldSample() {
    const now = performance.now();
    this.#balance = Math.min(
      this.#max,
      this.#balance + ((now - this.#last) / 1000) * this.#perSecond,
    );
    this.#last = now;
    if (this.#balance < 1) return { decision: SamplingDecision.NOT_RECORD };
    this.#balance -= 1;
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return `RateLimitingSampler{${this.#perSecond}}`;
  }
}

function samplerOf(settings: SamplerSettings): Sampler {
  const root =
    settings.kind === "always"
      ? new AlwaysOnSampler()
      : settings.kind === "never"
        ? new AlwaysOffSampler()
        : settings.kind === "ratio"
          ? new TraceIdRatioBasedSampler(settings.param)
          : new RateLimitingSampler(settings.param);
  return settings.parentBased ? new ParentBasedSampler({ root }) : root;
}

async function exporterOf(settings: ExportSettings): Promise<SpanExporter> {
  if (settings.protocol === "grpc") {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-grpc");
    return new OTLPTraceExporter({ url: settings.url });
  }
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter({ url: settings.url });
}

/** Export failures (a collector that is down) are logged, at most once a minute. */
function routeDiagnostics(log: Logger): void {
  let lastMs = Number.NEGATIVE_INFINITY;
  const warn = (message: string, ...args: unknown[]) => {
    const now = performance.now();
    if (now - lastMs < 60_000) return;
    lastMs = now;
    log.warn(`span export: ${message}`, args.length > 0 ? { detail: String(args[0]) } : undefined);
  };
  diag.setLogger(
    { error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

export async function startSpanExport(settings: ExportSettings, log: Logger): Promise<SpanFactory> {
  routeDiagnostics(log);
  const exporter = await exporterOf(settings);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      "service.name": settings.serviceName,
      "service.version": settings.serviceVersion,
      "telemetry.sdk.language": "nodejs",
      "process.runtime.name": "nodejs",
      "process.runtime.version": process.versions.node,
    }),
    sampler: samplerOf(settings.sampler),
    spanProcessors: [
      new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000, maxQueueSize: 4096 }),
    ],
  });
  const tracer = provider.getTracer("grafana-shim", settings.serviceVersion);
  return {
    start: (name, kind, parent, attributes) =>
      startOtel(tracer, name, kind, remoteParent(parent), attributes),
    async shutdown(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([provider.shutdown().catch(() => {}), late]);
      clearTimeout(timer);
    },
  };
}
