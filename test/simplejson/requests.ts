/** Requests for the simplejson handler, built in-process as every protocol delivers them. */

import { createLogger } from "../../src/log/logger.js";
import type { DataQuery, DataRequest, DatasourceSettings } from "../../src/model/data.js";

export const fromMs = 1_700_000_000_000;
export const toMs = fromMs + 3_600_000;
export const log = createLogger({ level: "off", module: "test" });

export function datasource(
  url: string,
  extra: Partial<DatasourceSettings> = {},
): DatasourceSettings {
  return {
    id: 7,
    uid: "sj-uid",
    name: "Simple JSON",
    type: "grafana-simple-json-backend-datasource",
    url,
    user: "",
    database: "",
    basicAuthEnabled: false,
    basicAuthUser: "",
    jsonData: {},
    decryptedSecureJsonData: {},
    updatedMs: 0,
    apiVersion: "",
    ...extra,
  };
}

export function dataQuery(
  json: Record<string, unknown>,
  extra: Partial<DataQuery> = {},
): DataQuery {
  return {
    refId: typeof json.refId === "string" ? json.refId : "A",
    queryType: "",
    maxDataPoints: 100,
    intervalMs: 60_000,
    timeRange: { fromMs, toMs },
    json,
    ...extra,
  };
}

export function dataRequest(
  ds: DatasourceSettings,
  queries: readonly DataQuery[],
  headers: Record<string, string> = {},
): DataRequest {
  return {
    pluginContext: {
      orgId: 1,
      pluginId: ds.type,
      pluginVersion: "",
      datasource: ds,
      grafanaConfig: {},
      userAgent: "",
      apiVersion: "",
      namespace: "",
    },
    headers,
    queries,
    format: "arrow",
  };
}
