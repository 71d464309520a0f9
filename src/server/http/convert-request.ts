/**
 * HTTP query bodies into the shim's request models, with Grafana's defaults
 * (refId "A", maxDataPoints 100, intervalMs 1000) in the query fields and the
 * whole posted query object, untouched, as the model.
 */
import type { Datasource } from "../../datasources/datasource.js";
import { ErrorCode, ShimError } from "../../errors.js";
import type {
  DataQuery,
  DataRequest,
  DatasourceSettings,
  PluginContext,
} from "../../model/data.js";
import type { DatasourceInfo, LegacyQuery, LegacyRequest, TimeRange } from "../../model/legacy.js";
import { parseTimeRange } from "../../time/time-range.js";
import type { HttpQuery, MetricRequest } from "./schemas.js";

export type Route = "tsdb" | "ds";

/** A validated body with its queries as posted (the models). */
export interface HttpRequest {
  readonly body: MetricRequest;
  readonly rawQueries: readonly Record<string, unknown>[];
  readonly userAgent: string;
}

/** Grafana's first check on both routes. */
export function checkHasQueries(body: MetricRequest): readonly HttpQuery[] {
  if (!body.queries || body.queries.length === 0) {
    throw new ShimError(ErrorCode.InvalidArgument, "No queries found in query");
  }
  return body.queries;
}

export function timeRangeFromHttp(body: MetricRequest, nowMs: number): TimeRange {
  return parseTimeRange({ from: body.from, to: body.to }, nowMs);
}

export function legacyRequestFromHttp(
  http: HttpRequest,
  ds: Datasource,
  timeRange: TimeRange,
): LegacyRequest {
  const queries = checkHasQueries(http.body).map(
    (q, i): LegacyQuery => ({
      refId: q.refId ?? "A",
      maxDataPoints: whole(q.maxDataPoints, 100),
      intervalMs: whole(q.intervalMs, 1000),
      model: http.rawQueries[i] ?? {},
    }),
  );
  return { timeRange, datasource: datasourceInfoOf(ds), queries };
}

/** `queryType` reaches the handler only from /api/ds/query, as in Grafana. */
export function dataRequestFromHttp(
  http: HttpRequest,
  ds: Datasource,
  timeRange: TimeRange,
  route: Route,
): DataRequest {
  const queries = checkHasQueries(http.body).map(
    (q, i): DataQuery => ({
      refId: q.refId ?? "A",
      queryType: route === "ds" ? (q.queryType ?? "") : "",
      maxDataPoints: whole(q.maxDataPoints, 100),
      intervalMs: whole(q.intervalMs, 1000),
      timeRange,
      json: http.rawQueries[i] ?? {},
    }),
  );
  return {
    pluginContext: pluginContextOf(ds, http.userAgent),
    headers: {},
    queries,
    format: "json",
  };
}

/** What Grafana tells a plugin about the call; the gateway knows no Grafana user. */
export function pluginContextOf(ds: Datasource, userAgent: string): PluginContext {
  return {
    orgId: ds.orgId,
    pluginId: ds.type,
    pluginVersion: "",
    datasource: datasourceSettingsOf(ds),
    grafanaConfig: {},
    userAgent,
    apiVersion: "",
    namespace: "",
  };
}

/** Whole numbers as Grafana's int64 fields hold them. */
function whole(value: number | undefined, fallback: number): number {
  return value === undefined ? fallback : Math.trunc(value);
}

export function datasourceInfoOf(ds: Datasource): DatasourceInfo {
  return {
    id: ds.id,
    orgId: ds.orgId,
    uid: ds.uid,
    name: ds.name,
    type: ds.type,
    url: ds.url,
    jsonData: ds.jsonData,
    decryptedSecureJsonData: ds.decryptedSecureJsonData,
  };
}

export function datasourceSettingsOf(ds: Datasource): DatasourceSettings {
  return {
    id: ds.id,
    uid: ds.uid,
    name: ds.name,
    type: ds.type,
    url: ds.url,
    user: ds.user,
    database: ds.database,
    basicAuthEnabled: ds.basicAuthEnabled,
    basicAuthUser: ds.basicAuthUser,
    jsonData: ds.jsonData,
    decryptedSecureJsonData: ds.decryptedSecureJsonData,
    updatedMs: ds.updatedMs,
    apiVersion: ds.apiVersion,
  };
}
