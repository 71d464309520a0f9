/** The gateway's express app: trace context, access log, health, auth, metrics, query and datasource routes, JSON errors. */
import express, { type Express } from "express";
import { ErrorCode, ShimError } from "../../errors.js";
import { accessLog } from "./access-log.js";
import { bearerAuth } from "./auth.js";
import type { GatewayContext } from "./context.js";
import { playgroundPage } from "./playground-page.js";
import { requestTrace } from "./request-trace.js";
import { addDatasourceRoutes } from "./route-datasources.js";
import { routeHealth } from "./route-health.js";
import { routeMetrics } from "./route-metrics.js";
import { addQueryRoutes } from "./route-query.js";
import { addResourceRoutes } from "./route-resources.js";
import { errorMiddleware, sendError } from "./send-error.js";

export function createApp(ctx: GatewayContext): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestTrace(ctx));
  if (ctx.options.accessLog) app.use(accessLog(ctx.log));
  // Liveness probes need no token, as Grafana's own /api/health.
  app.get("/api/health", routeHealth(ctx));
  // Static and data-free, so before the token: its /api calls send the token themselves.
  app.use(playgroundPage());
  if (ctx.options.token) app.use(bearerAuth(ctx.options.token));
  app.get("/metrics", routeMetrics(ctx));
  // Routes straight on the app: a nested router costs every request a second matching pass.
  addQueryRoutes(app, ctx);
  addResourceRoutes(app, ctx);
  addDatasourceRoutes(app, ctx);
  app.use((_req, res) => sendError(res, new ShimError(ErrorCode.NotFound, "Not found")));
  app.use(errorMiddleware(ctx.log));
  return app;
}
