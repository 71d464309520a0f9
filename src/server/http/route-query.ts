/** `POST /api/tsdb/query` and `POST /api/ds/query`: check, convert, answer, convert back. */
import type { IRouter, Request, Response } from "express";
import { AnswerBudget } from "../../handler/answer-budget.js";
import { answerDataQueries } from "../../handler/data-queries.js";
import type { RunLimits } from "../../handler/run-each.js";
import { errorCounts, type QueryRoute } from "../../metrics.js";
import { answerTsdb } from "./answer-tsdb.js";
import { parseWith } from "./bad-request.js";
import { clientGone } from "./client-gone.js";
import type { GatewayContext } from "./context.js";
import {
  checkHasQueries,
  dataRequestFromHttp,
  type HttpRequest,
  legacyRequestFromHttp,
  timeRangeFromHttp,
} from "./convert-request.js";
import {
  dsResponseToHttp,
  dsResultToHttp,
  type EncodedResult,
  type HttpAnswer,
  tsdbResponseToHttp,
  tsdbResultToHttp,
} from "./convert-response.js";
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
    onCancel: clientGone(res),
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
    const budget = new AnswerBudget(ctx.options.answerBudgetBytes);
    const results = await answerTsdb(
      {
        handler: ctx.handler,
        legacy: legacyRequestFromHttp(http, ds, range),
        data: () => dataRequestFromHttp(http, ds, range, "tsdb"),
        dataframes: ctx.options.tsdbDataframes,
        log: logOf(res, ctx),
        limits: limits(res),
        ...(trace ? { trace } : {}),
      },
      {
        answer: (result, _query, { signal }) => tsdbResultToHttp(result, { budget, signal }),
        failure: (result) => tsdbResultToHttp(result),
      },
    );
    count("/api/tsdb/query", ds.type, started, results);
    await send(res, tsdbResponseToHttp(results), results.length);
  });

  router.post("/api/ds/query", async (req, res) => {
    const started = performance.now();
    const http = await read(req, res);
    const ds = dsDatasource(checkHasQueries(http.body), ctx.datasources);
    const request = dataRequestFromHttp(http, ds, timeRangeFromHttp(http.body, ctx.now()), "ds");
    const log = logOf(res, ctx);
    const budget = new AnswerBudget(ctx.options.answerBudgetBytes);
    const results = await answerDataQueries(ctx.handler, request, log, limits(res), traceOf(res), {
      answer: (response, query, { signal }) =>
        dsResultToHttp(query.refId, response, { budget, signal }),
      failure: (response, query) => dsResultToHttp(query.refId, response),
    });
    count("/api/ds/query", ds.type, started, results);
    await send(res, dsResponseToHttp(results, ctx.options.multiStatus), results.length);
  });
}

type Answers = readonly Pick<EncodedResult, "error" | "errorSource">[];

/** The body chunk by chunk, waiting while the client is slower than the shim. */
async function send(res: Response, answer: HttpAnswer, queries: number): Promise<void> {
  res.locals.queries = queries;
  if (res.destroyed) return;
  // Plain Node writes: express's send() adds freshness and ETag work these answers never need.
  res.writeHead(answer.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": answer.body.bytes,
  });
  const chunks = answer.body.chunks;
  while (chunks.length > 0 && !res.destroyed) {
    if (!res.write(chunks.shift())) await drained(res);
  }
  res.end();
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
