/**
 * requestCompat "backend-1.0": the requests simple-json-backend-datasource 1.0 sent. Every
 * query-kind model of a request (with the same time range) goes as it is into ONE `/query`
 * call whose body is only `{range: {from, to}, targets}`, from/to being the texts Grafana gave
 * (epoch-ms text, or `5m`/`now` from alerting); search sends `{target}` even when empty. The
 * answers are still read by query: results placed by place-results.ts, errors per query.
 */
import { RequestBatches } from "../../handler/request-batches.js";
import type { DataQueryContext } from "../../handler/types.js";
import type { DataQuery, DataTimeRange } from "../../model/data.js";
import { answerQueryJson, type QueryJson } from "./answer-json.js";
import { answerResults, parseQueryResults, type QueryAnswer } from "./parse-query.js";
import { placeResults } from "./place-results.js";
import { queryKindOf, targetError } from "./query-body.js";
import type { UpstreamSettings } from "./settings.js";
import { postJson, readShape } from "./upstream-json.js";

/** One query's part of the shared call; `notice` when its results were placed by order alone. */
export interface PlacedAnswer extends QueryAnswer {
  readonly notice?: string;
}

interface SharedCall {
  /** The queries sent, in the order of `targets`. */
  readonly sent: readonly DataQuery[];
  /** Throws the query's own shape error. */
  answerOf(index: number): PlacedAnswer;
}

const calls = new RequestBatches<SharedCall>();

/** The model's target as the old plugin read it (MustString): missing is empty; not text is an error. */
export function oldTargetOf(query: DataQuery): string {
  const target = query.json.target;
  if (target === undefined || target === null) return "";
  if (typeof target === "string") return target;
  throw targetError(query, target);
}

/** The range as Grafana's raw texts, epoch-ms text where the protocol carries none (protocol 2). */
export function oldRangeOf(range: DataTimeRange): { from: string; to: string } {
  return { from: range.fromRaw ?? String(range.fromMs), to: range.toRaw ?? String(range.toMs) };
}

export function oldQueryBody(range: DataTimeRange, sent: readonly DataQuery[]) {
  return { range: oldRangeOf(range), targets: sent.map((q) => q.json) };
}

/** This query's results from the request's one `/query` call for its time range. */
export async function fetchOldQuery(
  settings: UpstreamSettings,
  query: DataQuery,
  ctx: DataQueryContext,
): Promise<PlacedAnswer> {
  const request = ctx.request;
  const range = JSON.stringify(oldRangeOf(query.timeRange));
  const key = request.queries[0]?.json ?? request;
  const call = await calls.once(key, range, async () => {
    const sent = request.queries.filter(
      (q) =>
        queryKindOf(q) === "query" &&
        hasTextTarget(q) &&
        JSON.stringify(oldRangeOf(q.timeRange)) === range,
    );
    const body = oldQueryBody(query.timeRange, sent);
    const { json, columns } = await postJson(settings, "/query", body, ctx, answerQueryJson);
    return sharedCall(sent, json, columns);
  });
  // Protocol 1 hands each query over as a new object around the same model.
  const index = call.sent.findIndex((q) => q === query || q.json === query.json);
  return call.answerOf(index >= 0 ? index : call.sent.findIndex((q) => q.refId === query.refId));
}

function hasTextTarget(query: DataQuery): boolean {
  const target = query.json.target;
  return target === undefined || target === null || typeof target === "string";
}

function sharedCall(
  sent: readonly DataQuery[],
  json: unknown,
  columns: QueryJson["columns"],
): SharedCall {
  const results = readShape("/query", () => answerResults(json));
  const placement = placeResults(
    sent.map((q) => ({ refId: q.refId, target: q.json.target })),
    results,
  );
  const notice = `the Simple JSON server answered ${results.length} results for the ${sent.length} targets of one /query call (requestCompat "backend-1.0") without a refId or a target name for each: results were placed with the result before them`;
  return {
    sent,
    answerOf(index) {
      const places = placement.byTarget[index] ?? [];
      const answer = readShape("/query", () =>
        parseQueryResults(
          places.map((i) => [i, results[i]] as const),
          columns,
        ),
      );
      return placement.guessed.has(index) ? { ...answer, notice } : answer;
    },
  };
}
