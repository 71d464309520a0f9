/** `GET /metrics`: the process's Prometheus registry, the one protocol 2's CollectMetrics serves. */
import type { RequestHandler } from "express";
import type { GatewayContext } from "./context.js";

export function routeMetrics(ctx: GatewayContext): RequestHandler {
  return async (_req, res) => {
    const text = await ctx.metrics.text();
    res.writeHead(200, {
      "Content-Type": await ctx.metrics.contentType(),
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  };
}
