/**
 * The trace of each gateway request: W3C `traceparent`/`tracestate` (or Jaeger's
 * `uber-trace-id`) from the headers, a server span named by method and route when spans are
 * exported, a logger whose lines carry the traceID. Routes read them from `res.locals`.
 */
import type { Request, RequestHandler, Response } from "express";
import type { CallSpan } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import { tracedLog } from "../../tracing/tracing.js";
import type { GatewayContext } from "./context.js";

/** Routes as OpenTelemetry's `http.route` names them: placeholders for what varies. */
const routes: readonly [RegExp, string][] = [
  [/^\/api\/datasources\/uid\/[^/]+\/resources(\/.*)?$/, "/api/datasources/uid/:uid/resources/*"],
  [/^\/api\/datasources\/[^/]+\/resources(\/.*)?$/, "/api/datasources/:id/resources/*"],
  [/^\/api\/datasources\/uid\/[^/]+\/health$/, "/api/datasources/uid/:uid/health"],
  [/^\/api\/datasources\/[^/]+\/health$/, "/api/datasources/:id/health"],
  [/^\/api\/datasources\/(uid|name)\/[^/]+$/, "/api/datasources/$1/:$1"],
  [/^\/api\/datasources\/[^/]+$/, "/api/datasources/:id"],
];

export function httpRoute(path: string): string {
  for (const [pattern, route] of routes) {
    const match = pattern.exec(path);
    if (match) return route.replaceAll("$1", match[1] ?? "");
  }
  return path;
}

const readerOf = (req: Request) => (name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};

export function requestTrace(ctx: GatewayContext): RequestHandler {
  const { tracing } = ctx;
  return (req, res, next) => {
    const begin = () => {
      const span = tracing.begin(() => `${req.method} ${httpRoute(req.path)}`, readerOf(req));
      if (!span) return next();
      span.setAttributes({ "http.method": req.method, "http.route": httpRoute(req.path) });
      res.locals.trace = span;
      res.locals.log = tracedLog(ctx.log, span);
      res.once("close", () => {
        const status = res.writableFinished ? res.statusCode : 499;
        span.setAttributes({ "http.status_code": status });
        if (status >= 500) span.fail(`HTTP status ${status}`);
        span.end();
      });
      next();
    };
    const loading = tracing.loading;
    if (loading) void loading.then(begin);
    else begin();
  };
}

/** The request's span, when it has one. */
export function traceOf(res: Response): CallSpan | undefined {
  return res.locals.trace as CallSpan | undefined;
}

/** The request's logger: its lines carry the traceID when the request has a trace. */
export function logOf(res: Response, ctx: GatewayContext): Logger {
  return (res.locals.log as Logger | undefined) ?? ctx.log;
}
