/**
 * One query answered from the Simple JSON server: `/query` (or `/search`, `/annotations` when
 * the query asks for them) with the datasource's settings. Every failure is this query's
 * error: bad settings from the plugin (400), upstream failures from downstream (502/504),
 * with every secret of the settings redacted from its text and its log line.
 */
import type { DataAnswer, DataQueryContext } from "../../handler/types.js";
import type { DataQuery } from "../../model/data.js";
import type { Frame } from "../../model/frame.js";
import { answerFrames } from "./answer-frames.js";
import { failureOf, secretsOf } from "./failure.js";
import { channelOf } from "./live-channel.js";
import { fetchOldQuery, oldTargetOf, type PlacedAnswer } from "./old-plugin-requests.js";
import type { QueryAnswer } from "./parse-query.js";
import { queryKindOf, targetOf } from "./query-body.js";
import { requestCompatOf, type SimpleJsonDefaults, specDefaults } from "./request-compat.js";
import { fetchAnnotations, fetchQuery, fetchSearch } from "./routes.js";
import { type UpstreamSettings, upstreamSettingsOf } from "./settings.js";

export async function queryData(
  query: DataQuery,
  ctx: DataQueryContext,
  defaults: SimpleJsonDefaults = specDefaults,
): Promise<DataAnswer> {
  const { datasource } = ctx.request.pluginContext;
  let settings: UpstreamSettings | undefined;
  try {
    settings = upstreamSettingsOf(datasource, ctx.request.headers);
    return { frames: await framesOf(settings, query, ctx, defaults) };
  } catch (thrown) {
    if (ctx.signal.aborted) throw thrown;
    const { message, status, source } = failureOf(thrown, secretsOf(settings, datasource));
    ctx.log.warn("query failed", { refId: query.refId, error: message });
    return { frames: [], error: message, status, errorSource: source };
  }
}

async function framesOf(
  settings: UpstreamSettings,
  query: DataQuery,
  ctx: DataQueryContext,
  defaults: SimpleJsonDefaults,
): Promise<Frame[]> {
  const datasource = ctx.request.pluginContext.datasource;
  const kind = queryKindOf(query);
  if (kind === "annotations") return [await fetchAnnotations(settings, query, ctx)];
  const old = requestCompatOf(datasource, defaults).mode === "backend-1.0";
  const target = old ? oldTargetOf(query) : targetOf(query);
  if (target === undefined) return [];
  if (kind === "search") return [await fetchSearch(settings, target, ctx)];
  const answer: PlacedAnswer = old
    ? await fetchOldQuery(settings, query, ctx)
    : await fetchQuery(settings, query, target, ctx);
  const frames = withNotice(answerFrames(answer), answer.notice);
  const uid = datasource?.uid ?? "";
  return query.json.live === true && uid !== "" ? withChannels(frames, answer, query, uid) : frames;
}

/** A warning Grafana shows on the panel, on the query's first frame. */
function withNotice(frames: Frame[], notice: string | undefined): Frame[] {
  const [first, ...rest] = frames;
  if (notice === undefined || first === undefined) return frames;
  const notices = [...(first.meta?.notices ?? []), { severity: "warning" as const, text: notice }];
  return [{ ...first, meta: { ...first.meta, notices } }, ...rest];
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
