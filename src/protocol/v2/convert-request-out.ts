/**
 * The DataRequest model into `pluginv2.QueryDataRequest` (and the plugin context
 * of every other call): the client side, for calling a protocol-2 plugin
 * executable as Grafana 7+ does. Settings JSON goes out as bytes, times as epoch ms.
 */
import type {
  AppSettings,
  DataQuery,
  DataRequest,
  DatasourceSettings,
  PluginContext,
} from "../../model/data.js";
import { frameFormatToProto } from "./convert-request.js";
import type {
  WireAppSettings,
  WireCheckHealthRequest,
  WireDataQuery,
  WireDatasourceSettings,
  WirePluginContext,
  WireQueryDataRequest,
} from "./wire.js";

const utf8 = new TextEncoder();

function jsonToBytes(value: Readonly<Record<string, unknown>>): Uint8Array {
  return utf8.encode(JSON.stringify(value));
}

export function dataRequestToProto(request: DataRequest): WireQueryDataRequest {
  return {
    pluginContext: pluginContextToProto(request.pluginContext),
    headers: { ...request.headers },
    queries: request.queries.map(dataQueryToProto),
    format: frameFormatToProto(request.format),
  };
}

export function pluginContextToProto(context: PluginContext): WirePluginContext {
  return {
    orgId: context.orgId,
    pluginId: context.pluginId,
    pluginVersion: context.pluginVersion,
    grafanaConfig: { ...context.grafanaConfig },
    userAgent: context.userAgent,
    apiVersion: context.apiVersion,
    namespace: context.namespace,
    user: context.user ? { ...context.user } : null,
    dataSourceInstanceSettings: context.datasource ? datasourceToProto(context.datasource) : null,
    appInstanceSettings: context.app ? appToProto(context.app) : null,
  };
}

/** The datasource type is not on the wire: hosts send the plugin id instead. */
function datasourceToProto(ds: DatasourceSettings): WireDatasourceSettings {
  return {
    id: ds.id,
    uid: ds.uid,
    name: ds.name,
    url: ds.url,
    user: ds.user,
    database: ds.database,
    basicAuthEnabled: ds.basicAuthEnabled,
    basicAuthUser: ds.basicAuthUser,
    ...appToProto(ds),
  };
}

function appToProto(app: AppSettings): WireAppSettings {
  return {
    jsonData: jsonToBytes(app.jsonData),
    decryptedSecureJsonData: { ...app.decryptedSecureJsonData },
    lastUpdatedMS: app.updatedMs,
    apiVersion: app.apiVersion,
  };
}

function dataQueryToProto(query: DataQuery): WireDataQuery {
  return {
    refId: query.refId,
    queryType: query.queryType,
    maxDataPoints: query.maxDataPoints,
    intervalMS: query.intervalMs,
    timeRange: { fromEpochMS: query.timeRange.fromMs, toEpochMS: query.timeRange.toMs },
    json: jsonToBytes(query.json),
  };
}

export function checkHealthRequestToProto(
  context: PluginContext,
  headers: Readonly<Record<string, string>>,
): WireCheckHealthRequest {
  return { pluginContext: pluginContextToProto(context), headers: { ...headers } };
}
