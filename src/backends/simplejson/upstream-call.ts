/**
 * One HTTP call to the Simple JSON server: pooled, with a deadline for the whole exchange
 * (a slowloris server cannot hold it open), a body size limit, and at most five redirects.
 * Transport failures throw ShimError(downstream) naming the route; any status is returned.
 */
import type { Dispatcher } from "undici";
import { ErrorCode, ShimError } from "../../errors.js";
import type { CallSpan, CallTrace } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import { recordUpstreamCall } from "../../metrics.js";
import { urlWithoutPassword } from "../../secrets.js";
import { poolFor } from "./pools.js";
import type { UpstreamSettings } from "./settings.js";
import { routeUrl } from "./upstream-url.js";

export interface UpstreamCall {
  readonly method: string;
  /** The route under the datasource URL, e.g. `/query`: one fixed segment. */
  readonly route: string;
  /** The query string, without its `?`. */
  readonly query?: string;
  readonly body?: Uint8Array | string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** A reader that decoded a large body may empty this, so the bytes can go before it parses. */
  body: Uint8Array;
}

const maxRedirects = 5;

export interface CallCtx {
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The query's trace: passed on to the server, each call a child span. */
  readonly trace?: CallTrace;
  /** When the query is cut off (epoch ms): the call gives up a little before. */
  readonly deadline?: number;
}

/** Counted by route and status (docs/monitoring.md#metrics); a child span of the query's trace. */
export async function callUpstream(
  settings: UpstreamSettings,
  call: UpstreamCall,
  ctx: CallCtx,
): Promise<UpstreamAnswer> {
  const timeoutMs = upstreamTimeoutMs(settings.timeoutMs, ctx.deadline);
  // One timer and one listener on the query's signal; the exchange under way is stopped directly.
  const stop = new Stop();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.halt(new DOMException("The upstream call timed out", "TimeoutError"));
  }, timeoutMs).unref();
  const cancel = () => stop.halt(ctx.signal.reason);
  if (ctx.signal.aborted) cancel();
  else ctx.signal.addEventListener("abort", cancel, { once: true });
  const started = performance.now();
  const what = `${call.method} ${call.route}`;
  const span = ctx.trace?.startSpan("HTTP Outgoing Request", {
    kind: "client",
    attributes: {
      "http.method": call.method,
      "http.url": settings.secrets.text(
        urlWithoutPassword(routeUrl(settings.base, call.route, call.query).href),
      ),
    },
  });
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const answer = await follow(settings, call, stop, what, span?.headers());
    if (ctx.log.enabled("debug")) {
      const ms = Math.round(performance.now() - started);
      ctx.log.debug("upstream call", { route: what, status: answer.status, ms });
    }
    recordUpstreamCall(call.route, String(answer.status), seconds());
    if (span) endSpan(span, answer);
    return answer;
  } catch (thrown) {
    recordUpstreamCall(call.route, timedOut ? "timeout" : "error", seconds());
    span?.fail("request failed");
    span?.end();
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (timedOut) {
      throw downstream(
        `${what}: no complete answer within ${timeoutMs} ms (timeout)`,
        undefined,
        504,
      );
    }
    if (thrown instanceof ShimError) throw thrown;
    throw downstream(`${what}: ${transportReason(thrown)}`, thrown);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", cancel);
  }
}

/** As the SDK's HTTP client tracing: status code and length; a status of 400 or more fails the span. */
function endSpan(span: CallSpan, answer: UpstreamAnswer): void {
  span.setAttributes({ "http.status_code": answer.status });
  if (answer.body.length > 0) span.setAttributes({ "http.content_length": answer.body.length });
  if (answer.status >= 400) span.fail(`error with HTTP status code ${answer.status}`);
  span.end();
}

/**
 * The datasource's timeout, or less when the query's own deadline comes first: the call then
 * gives up shortly before it, so that a stalled server is reported as what it is (a downstream
 * 504 naming the route) rather than as the query running out of time.
 */
export function upstreamTimeoutMs(timeoutMs: number, deadline?: number, now = Date.now()): number {
  if (deadline === undefined) return timeoutMs;
  const left = deadline - now;
  const margin = Math.min(1000, Math.max(250, left / 20));
  return Math.max(1, Math.min(timeoutMs, Math.floor(left - margin)));
}

async function follow(
  settings: UpstreamSettings,
  first: UpstreamCall,
  stop: Stop,
  what: string,
  trace: Readonly<Record<string, string>> | undefined,
): Promise<UpstreamAnswer> {
  const pool = await poolFor(settings);
  let url = routeUrl(settings.base, first.route, first.query);
  let call = first;
  let headers: Record<string, string> = { ...settings.headers, ...first.headers };
  for (let hop = 0; ; hop++) {
    const options: Dispatcher.DispatchOptions = {
      origin: url.origin,
      path: url.pathname + url.search,
      method: call.method as Dispatcher.HttpMethod,
      // The trace context goes with every hop, as it is no credential.
      headers: trace ? { ...headers, ...trace } : headers,
      body: call.body ?? null,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    };
    const answer = await exchange(pool, options, stop, settings.maxBytes, what);
    const location = answer.headers.location;
    if (answer.status < 300 || answer.status > 399 || typeof location !== "string") return answer;
    if (hop >= maxRedirects) {
      throw downstream(
        `${what}: more than ${maxRedirects} redirects (a redirect loop?), the last to ${urlWithoutPassword(location)}`,
      );
    }
    const next = new URL(location, url);
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw downstream(`${what}: redirected to an unsupported scheme "${next.protocol}"`);
    }
    // Credentials stay with the configured server, as Go's HTTP client does.
    if (next.origin !== url.origin) headers = contentHeaders(headers);
    // 301/302/303 turn a POST into a GET without body (fetch and Go); 307/308 repeat it.
    if (answer.status <= 303 && call.method === "POST") call = { ...call, method: "GET", body: "" };
    url = next;
  }
}

/** Stops a call (its deadline or the query's cancellation) and the exchange it has under way. */
class Stop {
  stopped = false;
  reason: unknown;
  /** The exchange under way. */
  onStop: ((reason: unknown) => void) | undefined;

  halt(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reason = reason;
    this.onStop?.(reason);
  }
}

/** One request and its answer (at most `maxBytes`), by a dispatch handler: no stream per answer. */
function exchange(
  pool: Dispatcher,
  options: Dispatcher.DispatchOptions,
  stop: Stop,
  maxBytes: number,
  what: string,
): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      controller?.abort(error as Error);
      reject(error);
    };
    if (stop.stopped) {
      fail(stop.reason);
      return;
    }
    stop.onStop = fail;
    let status = 0;
    let headers: UpstreamAnswer["headers"] = {};
    // With a declared length the bytes go straight to their place, not to a list and then a copy.
    let whole: Buffer | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let redirect = false;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(stop.reason as Error);
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        if (statusCode < 200 || settled) return; // 1xx: informational, the answer follows
        status = statusCode;
        headers = responseHeaders;
        if (
          statusCode >= 300 &&
          statusCode <= 399 &&
          typeof responseHeaders.location === "string"
        ) {
          redirect = true;
          settled = true;
          resolve({ status, headers, body: new Uint8Array(0) });
          return;
        }
        const length = responseHeaders["content-length"];
        const declared =
          typeof length === "string" && /^\d+$/.test(length) ? Number(length) : Number.NaN;
        if (declared > maxBytes) fail(tooLarge(what, maxBytes));
        else if (Number.isSafeInteger(declared)) whole = Buffer.allocUnsafe(declared);
      },
      onResponseData(_c, chunk) {
        if (settled) return;
        if (size + chunk.length > (whole?.length ?? maxBytes)) {
          fail(
            whole
              ? downstream(`${what}: the answer is longer than its Content-Length`)
              : tooLarge(what, maxBytes),
          );
          return;
        }
        if (whole === undefined) chunks.push(chunk);
        else whole.set(chunk, size);
        size += chunk.length;
      },
      onResponseEnd() {
        if (settled || redirect) return;
        settled = true;
        const body = whole === undefined ? Buffer.concat(chunks, size) : whole.subarray(0, size);
        resolve({ status, headers, body });
      },
      onResponseError(_c, error) {
        fail(error);
      },
    };
    try {
      pool.dispatch(options, handler);
    } catch (thrown) {
      fail(thrown);
    }
  });
}

function tooLarge(what: string, maxBytes: number): UpstreamError {
  return downstream(
    `${what}: the answer is larger than ${maxBytes} bytes (jsonData.maxResponseMiB); it was cut off`,
  );
}

/** Only what describes the body: no configured, custom or forwarded credentials. */
function contentHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (/^(content-type|accept)$/i.test(name)) kept[name] = value;
  }
  return kept;
}

function transportReason(thrown: unknown): string {
  const error = thrown as {
    message?: string;
    code?: string;
    cause?: { code?: string; message?: string };
  };
  const code = error.cause?.code ?? error.code;
  const message = error.cause?.message ?? error.message ?? String(thrown);
  const known = code ? reasons[code] : undefined;
  return known ? `${known} (${code})` : code ? `${message} (${code})` : message;
}

const reasons: Record<string, string> = {
  ECONNREFUSED: "connection refused: is the Simple JSON server running at the datasource URL?",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "the server reset the connection",
  UND_ERR_SOCKET: "the server closed the connection before a complete answer",
  UND_ERR_CONNECT_TIMEOUT: "connecting timed out",
  UND_ERR_HEADERS_TIMEOUT: "no answer headers in time",
  UND_ERR_BODY_TIMEOUT: "the answer body stalled",
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "the server's certificate is self-signed (set a CA or tlsSkipVerify)",
  SELF_SIGNED_CERT_IN_CHAIN:
    "the server's certificate chain is self-signed (set a CA or tlsSkipVerify)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the server's certificate cannot be verified (set a CA or tlsSkipVerify)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name its host",
};

/** An upstream failure (errorSource downstream) with the HTTP-like status of the query's answer. */
export class UpstreamError extends ShimError {
  readonly status: number;

  constructor(message: string, status: number, cause?: unknown) {
    super(ErrorCode.Downstream, `Simple JSON server ${message}`, { cause });
    this.status = status;
  }
}

/** 502 Bad Gateway, or 504 for a timeout. */
export function downstream(message: string, cause?: unknown, status = 502): UpstreamError {
  return new UpstreamError(message, status, cause);
}
