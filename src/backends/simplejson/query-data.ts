/**
 * One query answered from the Simple JSON server: `/query` (or `/search`, `/annotations` when
 * the query asks for them) with the datasource's settings. Every failure is this query's
 * error: bad settings from the plugin (400), upstream failures from downstream (502/504).
 */
import { httpStatusOf, toShimError } from "../../errors.js";
import type { DataAnswer, DataQueryContext } from "../../handler/types.js";
import type { DataQuery } from "../../model/data.js";
import type { Frame } from "../../model/frame.js";
import { answerFrames } from "./answer-frames.js";
import { forwardedHeaders } from "./forwarded-headers.js";
import { channelOf } from "./live-channel.js";
import type { QueryAnswer } from "./parse-query.js";
import { queryKindOf, targetOf } from "./query-body.js";
import { fetchAnnotations, fetchQuery, fetchSearch } from "./routes.js";
import { upstreamSettingsOf } from "./settings.js";
import { UpstreamError } from "./upstream-call.js";

export async function queryData(query: DataQuery, ctx: DataQueryContext): Promise<DataAnswer> {
  try {
    return { frames: await framesOf(query, ctx) };
  } catch (thrown) {
    if (ctx.signal.aborted) throw thrown;
    const error = toShimError(thrown);
    const status = error instanceof UpstreamError ? error.status : httpStatusOf(error);
    ctx.log.warn("query failed", { refId: query.refId, error: error.message });
    return { frames: [], error: error.message, status, errorSource: error.source };
  }
}

async function framesOf(query: DataQuery, ctx: DataQueryContext): Promise<Frame[]> {
  const settings = upstreamSettingsOf(ctx.request.pluginContext.datasource);
  const headers = forwardedHeaders(settings, ctx.request.headers);
  const kind = queryKindOf(query);
  if (kind === "annotations") return [await fetchAnnotations(settings, query, headers, ctx)];
  const target = targetOf(query);
  if (target === undefined) return [];
  if (kind === "search") return [await fetchSearch(settings, target, headers, ctx)];
  const answer = await fetchQuery(settings, query, target, headers, ctx);
  const frames = answerFrames(answer);
  const uid = ctx.request.pluginContext.datasource?.uid ?? "";
  return query.json.live === true && uid !== "" ? withChannels(frames, answer, query, uid) : frames;
}

/** Live mode: each series frame points at its stream (frames come one per series, in order). */
function withChannels(
  frames: Frame[],
  answer: QueryAnswer,
  query: DataQuery,
  uid: string,
): Frame[] {
  const live = { query, datasourceUid: uid };
  return frames.map((frame, i) => {
    const series = answer.series[i];
    if (series === undefined || i >= answer.series.length) return frame;
    return { ...frame, meta: { ...frame.meta, channel: channelOf(live, series) } };
  });
}
