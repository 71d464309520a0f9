/** Every error answer of the gateway: `{"message": ...}` as Grafana writes it, status from httpStatusOf. */
import type { ErrorRequestHandler, Response } from "express";
import { ErrorCode, httpStatusOf, messageOf, ShimError } from "../../errors.js";
import type { Logger } from "../../log/logger.js";
import { issuesOf, jsonPath } from "./bad-request.js";

/** At most this many problems are listed in `errors`. */
const listedIssues = 100;

export function errorBody(error: ShimError): Record<string, unknown> {
  const issues = issuesOf(error);
  if (!issues) return { message: error.message };
  const errors = issues
    .slice(0, listedIssues)
    .map((i) => ({ path: jsonPath(i.path), message: i.message }));
  return { message: error.message, errors };
}

export function sendError(res: Response, error: ShimError): void {
  if (res.headersSent || res.destroyed) return;
  res.status(httpStatusOf(error)).json(errorBody(error));
}

/** Errors of express itself (bad URL encoding) carry an HTTP status; anything else is a bug. */
function asShimError(thrown: unknown, log: Logger): ShimError {
  if (thrown instanceof ShimError) return thrown;
  const status = (thrown as { status?: unknown } | null)?.status;
  const message = messageOf(thrown);
  if (status === 400) return new ShimError(ErrorCode.InvalidArgument, message);
  if (status === 404) return new ShimError(ErrorCode.NotFound, "Not found");
  log.error("unexpected error", {
    error: thrown instanceof Error ? (thrown.stack ?? message) : message,
  });
  return new ShimError(ErrorCode.Internal, "Internal server error");
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (thrown, _req, res, _next) => sendError(res, asShimError(thrown, log));
}
