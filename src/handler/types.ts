/**
 * The handler API: the one module a user writes. A handler answers queries in
 * either the legacy style (series and tables, like Grafana 5-7 plugins) or the
 * frames style (data frames, like grafana-plugin-sdk-go); the shim serves it
 * over every protocol. Health, resources and streams are optional parts.
 */
import type { ErrorSource } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type {
  DataQuery,
  DataRequest,
  DataResponse,
  DatasourceSettings,
  PluginContext,
} from "../model/data.js";
import type { Frame } from "../model/frame.js";
import type { LegacyQuery, LegacyRequest, LegacyResult } from "../model/legacy.js";

export type Awaitable<T> = T | Promise<T>;

export type TraceAttributes = Readonly<Record<string, string | number | boolean>>;

/** The trace a call belongs to (W3C trace context from Grafana's gRPC metadata or the HTTP request). */
export interface CallTrace {
  /** 32 hex digits; the call's log lines carry it as `traceID`. */
  readonly traceId: string;
  /** Headers that carry the trace to an HTTP server called for this call (`traceparent`, `tracestate`; `uber-trace-id` under Jaeger propagation). */
  headers(): Readonly<Record<string, string>>;
  /** A child span, recorded when the shim exports spans; otherwise the same context passed on. */
  startSpan(
    name: string,
    options?: { readonly kind?: "client" | "internal"; readonly attributes?: TraceAttributes },
  ): CallSpan;
}

/** A span the handler started: end it once, after marking it failed if it did. */
export interface CallSpan extends CallTrace {
  setAttributes(attributes: TraceAttributes): void;
  fail(message: string): void;
  end(): void;
}

/** What every handler call receives besides its input. */
export interface CallContext {
  /** Aborted when the host cancels the call or its deadline passes. */
  readonly signal: AbortSignal;
  /** Lines of a traced call carry its `traceID`. */
  readonly log: Logger;
  /** Present when the caller sent a trace context or the shim exports spans. */
  readonly trace?: CallTrace;
}

/** What every query call receives besides its request. */
export interface QueryCallContext extends CallContext {
  /** Epoch ms at which the query answers with a timeout error; calls to other services should end before it. */
  readonly deadline?: number;
}

export interface LegacyQueryContext extends QueryCallContext {
  readonly request: LegacyRequest;
}

export interface DataQueryContext extends QueryCallContext {
  readonly request: DataRequest;
}

/** A legacy answer; `refId` defaults to the query's. */
export type LegacyAnswer = Omit<LegacyResult, "refId"> & { readonly refId?: string };

/** A frames answer; `frames` may be omitted for an error. */
export type DataAnswer = Omit<DataResponse, "frames"> & { readonly frames?: readonly Frame[] };

export interface HealthResult {
  readonly status: "ok" | "error" | "unknown";
  readonly message: string;
  readonly details?: unknown;
}

export interface HealthContext extends CallContext {
  readonly pluginContext: PluginContext;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ResourceRequest {
  readonly path: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Uint8Array;
}

export interface ResourceResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly body?: Uint8Array | string | object;
}

export interface ResourceContext extends CallContext {
  readonly pluginContext: PluginContext;
}

export interface StreamRequest {
  readonly path: string;
  readonly data: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export interface StreamContext extends CallContext {
  readonly pluginContext: PluginContext;
}

/** Sends one frame (as frame JSON) to the subscribers of a running stream. */
export type StreamSender = (frame: Frame) => Promise<void>;

export interface StreamPart {
  /** Whether a path exists and who may see it; `data` becomes the initial frame payload. */
  subscribe(req: StreamRequest, ctx: StreamContext): Awaitable<{ ok: boolean; data?: unknown }>;
  /** Pushes frames until `ctx.signal` aborts. */
  run(req: StreamRequest, send: StreamSender, ctx: StreamContext): Promise<void>;
  /** Publishing is denied unless present and it returns `ok: true`. */
  publish?(req: StreamRequest, ctx: StreamContext): Awaitable<{ ok: boolean; data?: unknown }>;
}

interface HandlerParts {
  /** Shown in logs, health and metrics. */
  readonly name?: string;
  checkHealth?(ctx: HealthContext): Awaitable<HealthResult>;
  callResource?(req: ResourceRequest, ctx: ResourceContext): Awaitable<ResourceResponse>;
  readonly streams?: StreamPart;
  /** What the handler makes of a datasource's settings; the gateway lists it in /api/datasources. */
  describeDatasource?(datasource: DatasourceSettings): Readonly<Record<string, unknown>>;
}

export interface LegacyHandler extends HandlerParts {
  readonly style: "legacy";
  query(query: LegacyQuery, ctx: LegacyQueryContext): Awaitable<LegacyAnswer>;
}

export interface FramesHandler extends HandlerParts {
  readonly style: "frames";
  queryData(query: DataQuery, ctx: DataQueryContext): Awaitable<DataAnswer>;
}

export type Handler = LegacyHandler | FramesHandler;

/** Identity helper that gives a handler module its types. */
export function defineHandler<H extends Handler>(handler: H): H {
  return handler;
}

export type { ErrorSource };
