/**
 * Span attributes of a call, named as grafana-plugin-sdk-go's tracing middleware names them
 * (plugin_id, org_id, datasource_name, datasource_uid, user; request_status and status_source
 * when it ends), with the gRPC method as OpenTelemetry's gRPC instrumentation names it.
 */
import type { CallSpan, TraceAttributes } from "../handler/types.js";
import type { PluginContext } from "../model/data.js";
import type { DatasourceInfo } from "../model/legacy.js";

export function pluginContextAttributes(context: PluginContext): TraceAttributes {
  const ds = context.datasource;
  return {
    plugin_id: context.pluginId,
    org_id: context.orgId,
    ...(ds ? { datasource_name: ds.name, datasource_uid: ds.uid } : {}),
    ...(context.user ? { user: context.user.name } : {}),
  };
}

/** Protocol 1 has no plugin id: the datasource's type is the plugin's id there. */
export function datasourceInfoAttributes(ds: DatasourceInfo): TraceAttributes {
  return {
    plugin_id: ds.type,
    org_id: ds.orgId,
    datasource_name: ds.name,
    ...(ds.uid ? { datasource_uid: ds.uid } : {}),
  };
}

/** `/pluginv2.Data/QueryData` → rpc.service and rpc.method. */
export function rpcAttributes(route: string): TraceAttributes {
  const [service = "", method = ""] = route.slice(1).split("/");
  return { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method };
}

export interface CallOutcome {
  readonly pluginErrors: number;
  readonly downstreamErrors: number;
  /** The whole call failed (not one of its queries). */
  readonly error?: string;
  readonly cancelled?: boolean;
}

/** As the SDK ends its spans: request_status ok | error | cancelled, status_source plugin | downstream. */
export function endCallSpan(span: CallSpan, outcome: CallOutcome): void {
  const failed = outcome.error !== undefined || outcome.pluginErrors + outcome.downstreamErrors > 0;
  const status = outcome.cancelled ? "cancelled" : failed ? "error" : "ok";
  const source =
    outcome.downstreamErrors > 0 && outcome.pluginErrors === 0 ? "downstream" : "plugin";
  span.setAttributes({ request_status: status, status_source: source });
  if (outcome.error !== undefined) span.fail(outcome.error);
  else if (failed) span.fail(`${outcome.pluginErrors + outcome.downstreamErrors} queries failed`);
  span.end();
}
