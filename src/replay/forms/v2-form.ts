/**
 * Protocol-2 exchanges as fixtures hold them, to and from the DataRequest model:
 * requests with protojson field names (so the Go hosts can read them, JSON bytes
 * fields as objects), responses with frames as the SDK's frame JSON.
 */
import type { CallOutcome } from "../../backends/plugin-client/calls.js";
import { parseJsonExact, withoutBigints } from "../../exact-json.js";
import { frameToJSON } from "../../frames/json/frames.js";
import type { DataRequest, DataResponse, PluginContext } from "../../model/data.js";
import type { V2RequestForm, V2ResponseForm } from "../fixture-schema.js";

type ContextForm = V2RequestForm["pluginContext"];

export function dataRequestToForm(request: DataRequest): V2RequestForm {
  return {
    pluginContext: pluginContextToForm(request.pluginContext),
    headers: { ...request.headers },
    queries: request.queries.map((q) => ({
      refId: q.refId,
      queryType: q.queryType,
      maxDataPoints: q.maxDataPoints,
      intervalMS: q.intervalMs,
      timeRange: { fromEpochMS: q.timeRange.fromMs, toEpochMS: q.timeRange.toMs },
      json: { ...q.json },
    })),
    format: request.format === "json" ? "JSON" : "ARROW",
  };
}

function pluginContextToForm(pc: PluginContext): ContextForm {
  const { user, datasource: ds, app } = pc;
  return {
    orgId: pc.orgId,
    pluginId: pc.pluginId,
    pluginVersion: pc.pluginVersion,
    ...(user ? { user: { ...user } } : {}),
    ...(app
      ? {
          appInstanceSettings: {
            jsonData: { ...app.jsonData },
            decryptedSecureJsonData: { ...app.decryptedSecureJsonData },
            lastUpdatedMS: app.updatedMs,
            apiVersion: app.apiVersion,
          },
        }
      : {}),
    ...(ds
      ? {
          dataSourceInstanceSettings: {
            id: ds.id,
            uid: ds.uid,
            name: ds.name,
            url: ds.url,
            user: ds.user,
            database: ds.database,
            basicAuthEnabled: ds.basicAuthEnabled,
            basicAuthUser: ds.basicAuthUser,
            jsonData: { ...ds.jsonData },
            decryptedSecureJsonData: { ...ds.decryptedSecureJsonData },
            lastUpdatedMS: ds.updatedMs,
            apiVersion: ds.apiVersion,
          },
        }
      : {}),
    grafanaConfig: { ...pc.grafanaConfig },
    userAgent: pc.userAgent,
    apiVersion: pc.apiVersion,
    namespace: pc.namespace,
  };
}

const parsedJson = (value: Record<string, unknown>) =>
  withoutBigints(value) as Record<string, unknown>;

export function dataRequestFromForm(form: V2RequestForm): DataRequest {
  return {
    pluginContext: pluginContextFromForm(form.pluginContext),
    headers: form.headers,
    queries: form.queries.map((q) => ({
      refId: q.refId,
      queryType: q.queryType,
      maxDataPoints: q.maxDataPoints,
      intervalMs: q.intervalMS,
      timeRange: { fromMs: q.timeRange.fromEpochMS, toMs: q.timeRange.toEpochMS },
      json: parsedJson(q.json),
    })),
    format: form.format === "JSON" ? "json" : "arrow",
  };
}

/** The datasource type is not on the wire: the SDK takes the plugin id. */
function pluginContextFromForm(form: ContextForm): PluginContext {
  const ds = form.dataSourceInstanceSettings;
  const app = form.appInstanceSettings;
  return {
    orgId: form.orgId,
    pluginId: form.pluginId,
    pluginVersion: form.pluginVersion,
    grafanaConfig: form.grafanaConfig,
    userAgent: form.userAgent,
    apiVersion: form.apiVersion,
    namespace: form.namespace,
    ...(form.user ? { user: form.user } : {}),
    ...(app
      ? {
          app: {
            jsonData: parsedJson(app.jsonData),
            decryptedSecureJsonData: app.decryptedSecureJsonData,
            updatedMs: app.lastUpdatedMS,
            apiVersion: app.apiVersion,
          },
        }
      : {}),
    ...(ds
      ? {
          datasource: {
            id: ds.id,
            uid: ds.uid,
            name: ds.name,
            type: form.pluginId,
            url: ds.url,
            user: ds.user,
            database: ds.database,
            basicAuthEnabled: ds.basicAuthEnabled,
            basicAuthUser: ds.basicAuthUser,
            jsonData: parsedJson(ds.jsonData),
            decryptedSecureJsonData: ds.decryptedSecureJsonData,
            updatedMs: ds.lastUpdatedMS,
            apiVersion: ds.apiVersion,
          },
        }
      : {}),
  };
}

export function dataOutcomeToForm(
  outcome: CallOutcome<ReadonlyMap<string, DataResponse>>,
): V2ResponseForm {
  if (!outcome.ok) return { grpcError: { ...outcome.failure } };
  const responses: Extract<V2ResponseForm, { responses: unknown }>["responses"] = {};
  for (const [refId, r] of outcome.value) {
    responses[refId] = {
      status: r.status ?? 0,
      ...(r.error ? { error: r.error } : {}),
      ...(r.errorSource ? { errorSource: r.errorSource } : {}),
      // Parsed exactly, so 64-bit integers keep every digit in the file.
      frames: r.frames.map(
        (f) => parseJsonExact(frameToJSON(f), "frame JSON") as Record<string, unknown>,
      ),
    };
  }
  return { responses };
}
