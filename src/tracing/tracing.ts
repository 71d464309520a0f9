/**
 * The trace of each incoming call. Without export settings this is only the caller's context
 * (read from its headers or metadata, passed on, logged as traceID), and a call that carries
 * none costs two lookups and nothing more. With them, OpenTelemetry loads once serving has
 * started and every call gets a span whose parent is the caller's.
 */
import type { CallSpan, TraceAttributes } from "../handler/types.js";
import type { Logger } from "../log/logger.js";
import type { TraceSettings } from "./settings.js";
import type { SpanFactory, SpanHandle } from "./span-export.js";
import {
  type HeaderReader,
  type Propagation,
  readTraceContext,
  type TraceContext,
  traceHeaders,
} from "./trace-context.js";

/** The caller's context passed on as it came: nothing is recorded. */
class PassedOn implements CallSpan {
  readonly traceId: string;
  readonly #context: TraceContext;
  readonly #formats: readonly Propagation[];

  constructor(context: TraceContext, formats: readonly Propagation[]) {
    this.traceId = context.traceId;
    this.#context = context;
    this.#formats = formats;
  }

  headers(): Record<string, string> {
    return traceHeaders(this.#context, this.#formats);
  }

  startSpan(): CallSpan {
    return this;
  }

  setAttributes(): void {}
  fail(): void {}
  end(): void {}
}

/** A span of the shim's own, exported. */
class Recorded implements CallSpan {
  readonly traceId: string;
  readonly #span: SpanHandle;
  readonly #formats: readonly Propagation[];

  constructor(span: SpanHandle, formats: readonly Propagation[]) {
    this.traceId = span.context.traceId;
    this.#span = span;
    this.#formats = formats;
  }

  headers(): Record<string, string> {
    return traceHeaders(this.#span.context, this.#formats);
  }

  startSpan(
    name: string,
    options?: { readonly kind?: "client" | "internal"; readonly attributes?: TraceAttributes },
  ): CallSpan {
    const child = this.#span.child(name, options?.kind ?? "internal", options?.attributes);
    return new Recorded(child, this.#formats);
  }

  setAttributes(attributes: TraceAttributes): void {
    this.#span.set(attributes);
  }

  fail(message: string): void {
    this.#span.fail(message);
  }

  end(): void {
    this.#span.end();
  }
}

export class Tracing {
  readonly propagation: readonly Propagation[];
  readonly #settings: TraceSettings;
  #spans: SpanFactory | undefined;
  #loading: Promise<void> | undefined;

  constructor(settings: TraceSettings) {
    this.#settings = settings;
    this.propagation = settings.propagation;
  }

  /** Whether spans are exported. */
  get exporting(): boolean {
    return this.#settings.export !== undefined;
  }

  /** Pending while OpenTelemetry loads: a call awaits it so that its span is not lost. */
  get loading(): Promise<void> | undefined {
    return this.#loading;
  }

  /** Loads OpenTelemetry when export is configured; logs the settings' problems either way. */
  start(log: Logger): Promise<void> {
    for (const problem of this.#settings.problems) log.warn(`tracing: ${problem}`);
    const settings = this.#settings.export;
    if (!settings || this.#loading || this.#spans) return this.#loading ?? Promise.resolve();
    this.#loading = import("./span-export.js")
      .then((m) => m.startSpanExport(settings, log))
      .then(
        (spans) => {
          this.#spans = spans;
          log.info("tracing: exporting spans", {
            endpoint: settings.url,
            protocol: settings.protocol,
            from: settings.source,
            sampler: settings.sampler.kind,
            propagation: this.propagation.join(","),
          });
        },
        (thrown: unknown) => log.error("tracing: cannot export spans", { error: String(thrown) }),
      )
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /**
   * The span of one incoming call: undefined when the call carries no trace context and
   * nothing is exported (the common case, which must stay free).
   */
  begin(name: string | (() => string), read: HeaderReader): CallSpan | undefined {
    const parent = readTraceContext(read, this.propagation);
    if (this.#spans) {
      const span = this.#spans.start(typeof name === "string" ? name : name(), "server", parent);
      return new Recorded(span, this.propagation);
    }
    return parent ? new PassedOn(parent, this.propagation) : undefined;
  }

  /** Sends the spans still batched, within `timeoutMs`. */
  async shutdown(timeoutMs = 2000): Promise<void> {
    await this.#loading;
    await this.#spans?.shutdown(timeoutMs);
  }
}

/** The logger of a traced call: every line carries its traceID. */
export function tracedLog(log: Logger, span: CallSpan | undefined): Logger {
  return span ? log.with({ traceID: span.traceId }) : log;
}

/** Trace context passed on, no spans: what every edge has when nothing is configured. */
export function contextOnlyTracing(): Tracing {
  return new Tracing({ propagation: ["w3c"], problems: [] });
}
