/**
 * `GET /api/datasources` (no secrets), one datasource by uid, id or name (secrets
 * only as `secureJsonFields` flags), and each datasource's health check. Where the
 * handler describes a datasource (simplejson: its request mode), `grafanaShim` says so.
 */
import type { IRouter } from "express";
import {
  type Datasource,
  datasourceDetail,
  datasourceListItem,
} from "../../datasources/datasource.js";
import type { Handler } from "../../handler/types.js";
import type { GatewayContext } from "./context.js";
import { type DatasourceKey, findDatasource } from "./find-datasource.js";
import { checkHealth } from "./health-check.js";

const keys: readonly [DatasourceKey, string][] = [
  ["uid", "/api/datasources/uid/:uid"],
  ["name", "/api/datasources/name/:name"],
  ["id", "/api/datasources/:id"],
];

export function addDatasourceRoutes(router: IRouter, ctx: GatewayContext): void {
  router.get("/api/datasources", (_req, res) => {
    res.json(
      ctx.datasources.all.map((ds) => ({
        ...datasourceListItem(ds),
        ...described(ctx.handler, ds),
      })),
    );
  });
  for (const [key, path] of keys) {
    router.get(path, (req, res) => {
      const ds = findDatasource(req, key, ctx.datasources);
      res.json({ ...datasourceDetail(ds), ...described(ctx.handler, ds) });
    });
    if (key === "name") continue;
    router.get(`${path}/health`, async (req, res) => {
      const ds = findDatasource(req, key, ctx.datasources);
      const answer = await checkHealth(ctx, ds, req, res);
      res.status(answer.status).json(answer.body);
    });
  }
}

function described(handler: Handler, ds: Datasource): Record<string, unknown> {
  const about = handler.describeDatasource?.(ds);
  return about === undefined ? {} : { grafanaShim: { handler: handler.name ?? "", ...about } };
}
