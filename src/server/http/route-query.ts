/** `POST /api/tsdb/query` and `POST /api/ds/query`: check, convert, answer, convert back. */
import type { IRouter, Request, Response } from "express";
import { answerDataQueries } from "../../handler/data-queries.js";
import type { RunLimits } from "../../handler/run-each.js";
import { errorCounts, type QueryRoute } from "../../metrics.js";
import { answerTsdb } from "./answer-tsdb.js";
import { parseWith } from "./bad-request.js";
import { clientSignal } from "./client-signal.js";
import type { GatewayContext } from "./context.js";
import {
  checkHasQueries,
  dataRequestFromHttp,
  type HttpRequest,
  legacyRequestFromHttp,
  timeRangeFromHttp,
} from "./convert-request.js";
import { dsResponseToHttp, type HttpAnswer, tsdbResponseToHttp } from "./convert-response.js";
import { readJsonBody } from "./json-body.js";
import { logOf, traceOf } from "./request-trace.js";
import { dsDatasource, tsdbDatasource } from "./resolve-datasource.js";
import { metricRequestSchema } from "./schemas.js";

export function addQueryRoutes(router: IRouter, ctx: GatewayContext): void {
  const schema = metricRequestSchema(ctx.options.maxQueries);
  const read = async (req: Request, res: Response): Promise<HttpRequest> => {
    const raw = await readJsonBody(req, res, ctx.options);
    const body = parseWith(schema, raw);
    const rawQueries = ((raw as { queries?: Record<string, unknown>[] }).queries ?? []).slice();
    return { body, rawQueries, userAgent: req.get("user-agent") ?? "" };
  };
  const limits = (res: Response): RunLimits => ({
    concurrency: ctx.options.concurrency,
    timeoutMs: ctx.options.queryTimeoutMs,
    signal: clientSignal(res),
  });
  const count = (route: QueryRoute, type: string, started: number, answers: Answers) => {
    const errors = errorCounts(answers);
    ctx.metrics.request({
      route,
      handler: ctx.handler.name ?? ctx.handler.style,
      datasourceType: type,
      seconds: (performance.now() - started) / 1000,
      queries: answers.length,
      pluginErrors: errors.plugin,
      downstreamErrors: errors.downstream,
    });
  };
  router.post("/api/tsdb/query", async (req, res) => {
    const started = performance.now();
    const http = await read(req, res);
    const ds = tsdbDatasource(checkHasQueries(http.body), ctx.datasources);
    const range = timeRangeFromHttp(http.body, ctx.now());
    const trace = traceOf(res);
    const answers = await answerTsdb({
      handler: ctx.handler,
      legacy: legacyRequestFromHttp(http, ds, range),
      data: () => dataRequestFromHttp(http, ds, range, "tsdb"),
      dataframes: ctx.options.tsdbDataframes,
      log: logOf(res, ctx),
      limits: limits(res),
      ...(trace ? { trace } : {}),
    });
    count(
      "/api/tsdb/query",
      ds.type,
      started,
      answers.map((a) => a.result),
    );
    send(res, tsdbResponseToHttp(answers), answers.length);
  });

  router.post("/api/ds/query", async (req, res) => {
    const started = performance.now();
    const http = await read(req, res);
    const ds = dsDatasource(checkHasQueries(http.body), ctx.datasources);
    const request = dataRequestFromHttp(http, ds, timeRangeFromHttp(http.body, ctx.now()), "ds");
    const log = logOf(res, ctx);
    const responses = await answerDataQueries(ctx.handler, request, log, limits(res), traceOf(res));
    count("/api/ds/query", ds.type, started, responses);
    const refIds = request.queries.map((q) => q.refId);
    send(res, dsResponseToHttp(refIds, responses, ctx.options.multiStatus), refIds.length);
  });
}

type Answers = readonly { readonly error?: string; readonly errorSource?: string }[];

function send(res: Response, answer: HttpAnswer, queries: number): void {
  res.locals.queries = queries;
  if (res.destroyed) return;
  // Plain Node writes: express's send() adds freshness and ETag work these answers never need.
  res.writeHead(answer.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}
