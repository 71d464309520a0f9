/** `GET /api/health` in Grafana's shape; the shim has no database, so it is always "ok". */
import type { RequestHandler } from "express";
import { version } from "../../version.js";
import type { GatewayContext } from "./context.js";

export function routeHealth(ctx: GatewayContext): RequestHandler {
  const body = JSON.stringify({
    commit: "",
    database: "ok",
    version: version(),
    handler: ctx.handler.name ?? "",
  });
  return (_req, res) => {
    res.type("application/json").send(body);
  };
}
