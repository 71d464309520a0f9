/** The three query routes of a Simple JSON server, each answer parsed and checked. */
import type { DataQuery } from "../../model/data.js";
import type { Frame } from "../../model/frame.js";
import { answerQueryJson } from "./answer-json.js";
import { annotationsFrame } from "./parse-annotations.js";
import { parseQueryAnswer, type QueryAnswer } from "./parse-query.js";
import { searchFrame } from "./parse-search.js";
import { annotationsBody, queryBody, searchBody } from "./query-body.js";
import type { UpstreamSettings } from "./settings.js";
import { type CallCtx, postJson, readShape } from "./upstream-json.js";

export async function fetchQuery(
  settings: UpstreamSettings,
  query: DataQuery,
  target: string,
  ctx: CallCtx,
): Promise<QueryAnswer> {
  const body = queryBody(query, target);
  const { json, columns } = await postJson(settings, "/query", body, ctx, answerQueryJson);
  return readShape("/query", () => parseQueryAnswer(json, columns));
}

export async function fetchSearch(
  settings: UpstreamSettings,
  target: string,
  ctx: CallCtx,
): Promise<Frame> {
  const json = await postJson(settings, "/search", searchBody(target), ctx);
  return readShape("/search", () => searchFrame(json));
}

export async function fetchAnnotations(
  settings: UpstreamSettings,
  query: DataQuery,
  ctx: CallCtx,
): Promise<Frame> {
  const json = await postJson(settings, "/annotations", annotationsBody(query), ctx);
  return readShape("/annotations", () => annotationsFrame(json, query.refId));
}
