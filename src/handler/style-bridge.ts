/**
 * One handler, every protocol: a legacy-style handler answering a DataRequest
 * query (protocol 2, /api/ds/query), and a frames-style handler answering a
 * legacy query (protocol 1, /api/tsdb/query). Requests are rebuilt as the other
 * style expects; answers go through the legacy ↔ frames adapters.
 */
import { withNotices as withFrameNotices } from "../adapters/frame-meta.js";
import { framesToLegacyResult, legacyResultToFrames } from "../adapters/index.js";
import type { Logger } from "../log/logger.js";
import type { DataQuery, DataRequest, DataResponse, PluginContext } from "../model/data.js";
import type { Frame, Notice } from "../model/frame.js";
import type { DatasourceInfo, LegacyQuery, LegacyRequest, LegacyResult } from "../model/legacy.js";
import type { CallTrace, FramesHandler, LegacyAnswer, LegacyHandler } from "./types.js";

interface Call {
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly trace?: CallTrace;
  readonly deadline?: number;
}

/** Grafana 7+ sends epoch ms; legacy handlers read `fromRaw`/`toRaw` as Grafana 6 sent them then, or the caller's texts. */
export function legacyRequestFromData(request: DataRequest, query: DataQuery): LegacyRequest {
  const { fromMs, toMs, fromRaw, toRaw } = query.timeRange;
  return {
    timeRange: { fromRaw: fromRaw ?? String(fromMs), toRaw: toRaw ?? String(toMs), fromMs, toMs },
    datasource: datasourceInfoOf(request.pluginContext),
    queries: request.queries.map(legacyQueryFromData),
  };
}

export function legacyQueryFromData(query: DataQuery): LegacyQuery {
  return {
    refId: query.refId,
    maxDataPoints: query.maxDataPoints,
    intervalMs: query.intervalMs,
    model: query.json,
  };
}

function datasourceInfoOf(context: PluginContext): DatasourceInfo {
  const ds = context.datasource;
  return {
    id: ds?.id ?? 0,
    orgId: context.orgId,
    ...(ds?.uid ? { uid: ds.uid } : {}),
    name: ds?.name ?? "",
    type: ds?.type || context.pluginId,
    url: ds?.url ?? "",
    jsonData: ds?.jsonData ?? {},
    decryptedSecureJsonData: ds?.decryptedSecureJsonData ?? {},
  };
}

export function dataRequestFromLegacy(request: LegacyRequest): DataRequest {
  const ds = request.datasource;
  return {
    pluginContext: {
      orgId: ds.orgId,
      pluginId: ds.type,
      pluginVersion: "",
      grafanaConfig: {},
      userAgent: "",
      apiVersion: "",
      namespace: "",
      datasource: {
        id: ds.id,
        uid: ds.uid ?? "",
        name: ds.name,
        type: ds.type,
        url: ds.url,
        user: "",
        database: "",
        basicAuthEnabled: false,
        basicAuthUser: "",
        jsonData: ds.jsonData,
        decryptedSecureJsonData: ds.decryptedSecureJsonData,
        updatedMs: 0,
        apiVersion: "",
      },
    },
    headers: {},
    format: "arrow",
    queries: request.queries.map((q) => dataQueryFromLegacy(q, request)),
  };
}

export function dataQueryFromLegacy(query: LegacyQuery, request: LegacyRequest): DataQuery {
  return {
    refId: query.refId,
    queryType: typeof query.model.queryType === "string" ? query.model.queryType : "",
    maxDataPoints: query.maxDataPoints,
    intervalMs: query.intervalMs,
    timeRange: request.timeRange,
    json: query.model,
  };
}

export async function legacyAnswerAsData(
  handler: LegacyHandler,
  query: DataQuery,
  request: DataRequest,
  call: Call,
): Promise<DataResponse> {
  const legacyRequest = legacyRequestFromData(request, query);
  const answer: LegacyAnswer = await handler.query(legacyQueryFromData(query), {
    ...call,
    request: legacyRequest,
  });
  const result: LegacyResult = { ...answer, refId: answer.refId ?? query.refId };
  const frames = withLegacyNotices(legacyResultToFrames(result), result.meta);
  return result.error
    ? { frames, error: result.error, status: 500, errorSource: "plugin" }
    : { frames };
}

export async function framesAnswerAsLegacy(
  handler: FramesHandler,
  query: LegacyQuery,
  request: LegacyRequest,
  call: Call,
): Promise<LegacyResult> {
  const dataRequest = dataRequestFromLegacy(request);
  const answer = await handler.queryData(dataQueryFromLegacy(query, request), {
    ...call,
    request: dataRequest,
  });
  const { result, warnings } = framesToLegacyResult(query.refId, answer.frames ?? []);
  const meta = warnings.length ? withNotices(result.meta, warnings) : result.meta;
  return {
    ...result,
    ...(meta === undefined ? {} : { meta }),
    ...(answer.error ? { error: answer.error, errorSource: answer.errorSource ?? "plugin" } : {}),
  };
}

/** Notices in a legacy result's meta (as withNotices writes them) are the first frame's notices too. */
function withLegacyNotices(frames: Frame[], meta: unknown): Frame[] {
  const notices = (meta as { notices?: unknown } | undefined)?.notices;
  const [first, ...rest] = frames;
  if (first === undefined || !Array.isArray(notices)) return frames;
  const valid = notices.filter(
    (n): n is Notice =>
      typeof n?.text === "string" && ["info", "warning", "error"].includes(n?.severity),
  );
  return [withFrameNotices(first, valid), ...rest];
}

/** What legacy cannot hold is reported in the result's meta, as frame notices would be. */
function withNotices(meta: unknown, warnings: readonly string[]): Record<string, unknown> {
  const notices = warnings.map((text) => ({ severity: "warning", text }));
  const base =
    typeof meta === "object" && meta !== null && !Array.isArray(meta)
      ? meta
      : meta === undefined
        ? {}
        : { custom: meta };
  return { ...base, notices };
}
