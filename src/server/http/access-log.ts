/**
 * One structured line per request through the hclog logger: method, path (no
 * query string, which may carry secrets), status, time, sizes. No headers.
 */
import type { RequestHandler } from "express";
import type { Logger } from "../../log/logger.js";

export function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once("close", () => {
      const fields: Record<string, unknown> = {
        method: req.method,
        path: req.path,
        status: res.writableFinished ? res.statusCode : 499,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        bytesIn: Number(req.headers["content-length"] ?? 0),
        bytesOut: Number(res.getHeader("content-length") ?? 0),
        remote: req.socket.remoteAddress,
      };
      if (res.locals.queries !== undefined) fields.queries = res.locals.queries;
      // A traced request's logger adds its traceID.
      const requestLog = (res.locals.log as Logger | undefined) ?? log;
      requestLog.info(res.writableFinished ? "request" : "request aborted by the client", fields);
    });
    next();
  };
}
