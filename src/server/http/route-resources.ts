/**
 * `/api/datasources/uid/:uid/resources/*` and `/api/datasources/:id/resources/*`,
 * any method, routed to the handler's `callResource` as Grafana's CallResource:
 * `path` is the part after `resources/`, `url` adds the query string. 400 for a path
 * that could climb out of its place (resource-path.ts), checked as sent and as decoded;
 * 404 JSON when the handler has no resources, as Grafana answers an unimplemented CallResource.
 */
import type { IRouter, Request, Response } from "express";
import { ErrorCode, ShimError } from "../../errors.js";
import { resourcePathProblem } from "../../handler/resource-path.js";
import { runEach } from "../../handler/run-each.js";
import type { ResourceRequest, ResourceResponse } from "../../handler/types.js";
import { clientGone } from "./client-gone.js";
import type { GatewayContext } from "./context.js";
import { pluginContextOf } from "./convert-request.js";
import { type DatasourceKey, findDatasource } from "./find-datasource.js";
import { readBody } from "./request-body.js";
import { logOf, traceOf } from "./request-trace.js";
import { requestHeaders, sendResourceResponse } from "./resource-http.js";

export function addResourceRoutes(router: IRouter, ctx: GatewayContext): void {
  const route = (key: DatasourceKey) => async (req: Request, res: Response) => {
    const sent = req.originalUrl.split("?")[0] ?? "";
    const problem = resourcePathProblem(sent) ?? resourcePathProblem(pathOf(req));
    if (problem) throw new ShimError(ErrorCode.InvalidArgument, `Bad request: ${problem}`);
    const ds = findDatasource(req, key, ctx.datasources);
    const { handler } = ctx;
    if (!handler.callResource)
      throw new ShimError(ErrorCode.NotFound, "Not found: this handler has no resources");
    const body = await readBody(req, res, ctx.options.bodyLimitBytes);
    const request = resourceRequestOf(req, body);
    const pluginContext = pluginContextOf(ds, req.get("user-agent") ?? "");
    const limits = {
      concurrency: 1,
      timeoutMs: ctx.options.queryTimeoutMs,
      onCancel: clientGone(res),
    };
    const trace = traceOf(res);
    const call = { pluginContext, log: logOf(res, ctx), ...(trace ? { trace } : {}) };
    const [outcome] = await runEach(
      [request],
      (r, { signal }) => handler.callResource?.call(handler, r, { ...call, signal }),
      limits,
    );
    if (!outcome?.ok) {
      const error = outcome?.error;
      throw new ShimError(
        error?.code ?? ErrorCode.Handler,
        `Failed to call resource: ${error?.message ?? "no answer"}`,
      );
    }
    sendResourceResponse(res, outcome.value as ResourceResponse);
  };
  router.all("/api/datasources/uid/:uid/resources{/*path}", route("uid"));
  router.all("/api/datasources/:id/resources{/*path}", route("id"));
}

/** The part after `resources/`, decoded. */
function pathOf(req: Request): string {
  return ((req.params as { path?: string[] }).path ?? []).join("/");
}

function resourceRequestOf(req: Request, body: Buffer): ResourceRequest {
  const path = pathOf(req);
  const query = req.originalUrl.indexOf("?");
  return {
    path,
    method: req.method,
    url: query < 0 ? path : path + req.originalUrl.slice(query),
    headers: requestHeaders(req),
    body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  };
}
