/**
 * Trace context on the wire: W3C `traceparent`/`tracestate` and Jaeger's `uber-trace-id`,
 * read from gRPC metadata or HTTP headers, and written on the calls made for a request.
 * No OpenTelemetry here: this runs on every call that carries a context, traced or not.
 */

/** One span's place in a trace, as a caller passed it or as the shim passes it on. */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** 16 lowercase hex digits, not all zero: the caller's span. */
  readonly spanId: string;
  readonly sampled: boolean;
  /** The W3C `tracestate` as received, passed on unchanged. */
  readonly traceState?: string;
}

/** Propagation formats, named as Grafana's `propagation` setting names them. */
export type Propagation = "w3c" | "jaeger";

/** Reads one header or metadata value by its lowercase name. */
export type HeaderReader = (name: string) => string | undefined;

interface Codec {
  read(get: HeaderReader): TraceContext | undefined;
  write(context: TraceContext, into: Record<string, string>): void;
}

const zeros = /^0+$/;
const traceparent = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
/** W3C tracestate: at most 32 comma-separated `key=value` members, 512 characters in all. */
const traceStateMember = /^[a-z0-9][a-z0-9_\-*/@]{0,255}=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}$/;

function w3cTraceState(text: string | undefined): string | undefined {
  if (text === undefined || text.length > 512) return undefined;
  const members = text
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m !== "");
  if (members.length === 0 || members.length > 32) return undefined;
  return members.every((m) => traceStateMember.test(m)) ? members.join(",") : undefined;
}

const codecs: Readonly<Record<Propagation, Codec>> = {
  // https://www.w3.org/TR/trace-context/#traceparent-header
  w3c: {
    read(get) {
      const match = traceparent.exec(get("traceparent")?.trim() ?? "");
      if (!match) return undefined;
      const [, version = "", traceId = "", spanId = "", flags = "", rest] = match;
      // Version ff is invalid; version 00 has nothing after the flags; later ones may add fields.
      if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
      if (zeros.test(traceId) || zeros.test(spanId)) return undefined;
      const traceState = w3cTraceState(get("tracestate"));
      const sampled = (Number.parseInt(flags, 16) & 1) === 1;
      return { traceId, spanId, sampled, ...(traceState ? { traceState } : {}) };
    },
    write(context, into) {
      into.traceparent = `00-${context.traceId}-${context.spanId}-${context.sampled ? "01" : "00"}`;
      if (context.traceState) into.tracestate = context.traceState;
    },
  },
  // https://www.jaegertracing.io/docs/1.62/client-libraries/#propagation-format
  jaeger: {
    read(get) {
      const raw = get("uber-trace-id");
      if (raw === undefined) return undefined;
      const text = raw.includes("%") ? safeDecode(raw) : raw;
      const [trace = "", span = "", , flags = ""] = text.trim().split(":");
      if (!/^[0-9a-f]{1,32}$/i.test(trace) || !/^[0-9a-f]{1,16}$/i.test(span)) return undefined;
      const traceId = trace.toLowerCase().padStart(32, "0");
      const spanId = span.toLowerCase().padStart(16, "0");
      if (zeros.test(traceId) || zeros.test(spanId) || !/^[0-9a-f]{1,2}$/i.test(flags))
        return undefined;
      return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
    },
    write(context, into) {
      into["uber-trace-id"] =
        `${context.traceId}:${context.spanId}:0:${context.sampled ? "1" : "0"}`;
    },
  },
};

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The first format in `formats` that finds a valid context, or undefined. */
export function readTraceContext(
  get: HeaderReader,
  formats: readonly Propagation[],
): TraceContext | undefined {
  for (const format of formats) {
    const context = codecs[format].read(get);
    if (context) return context;
  }
  return undefined;
}

/** The headers that carry `context` in every one of `formats`. */
export function traceHeaders(
  context: TraceContext,
  formats: readonly Propagation[],
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const format of formats) codecs[format].write(context, headers);
  return headers;
}

/**
 * Grafana's `propagation` setting (`w3c`, `jaeger` or both, comma-separated; empty means
 * W3C, as grafana-plugin-sdk-go reads it); a ShimError-free result: unknown names are returned apart.
 */
export function parsePropagation(text: string | undefined): {
  formats: Propagation[];
  unknown: string[];
} {
  const names = (text ?? "")
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== "");
  const formats = names.filter((n): n is Propagation => n in codecs);
  const unknown = names.filter((n) => !(n in codecs));
  return { formats: formats.length > 0 ? [...new Set(formats)] : ["w3c"], unknown };
}
