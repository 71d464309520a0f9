/** `pluginv2.PluginContext` into the model: settings JSON parsed, int64s as numbers. */
import { jsonObject } from "../../json-object.js";
import type { AppSettings, DatasourceSettings, PluginContext, User } from "../../model/data.js";
import { wireBytes } from "../grpc/bytes.js";
import { int64ToNumber } from "../grpc/int64.js";
import type {
  WireAppSettings,
  WireDatasourceSettings,
  WirePluginContext,
  WireUser,
} from "./wire.js";

const utf8 = new TextDecoder();

/** Settings JSON arrives as bytes; empty means `{}`. */
export function jsonBytes(bytes: Uint8Array | undefined, what: string): Record<string, unknown> {
  const data = wireBytes(bytes);
  return data.length > 0 ? jsonObject(utf8.decode(data), what) : {};
}

export function pluginContextFromProto(wire: WirePluginContext | null | undefined): PluginContext {
  const user = wire?.user ? userFromProto(wire.user) : undefined;
  const datasource = wire?.dataSourceInstanceSettings
    ? datasourceFromProto(wire.dataSourceInstanceSettings, wire.pluginId)
    : undefined;
  const app = wire?.appInstanceSettings ? appFromProto(wire.appInstanceSettings) : undefined;
  return {
    orgId: wire ? int64ToNumber(wire.orgId, "pluginContext.orgId") : 0,
    pluginId: wire?.pluginId ?? "",
    pluginVersion: wire?.pluginVersion ?? "",
    grafanaConfig: { ...wire?.grafanaConfig },
    userAgent: wire?.userAgent ?? "",
    apiVersion: wire?.apiVersion ?? "",
    namespace: wire?.namespace ?? "",
    ...(user ? { user } : {}),
    ...(datasource ? { datasource } : {}),
    ...(app ? { app } : {}),
  };
}

function userFromProto(wire: WireUser): User {
  return { login: wire.login, name: wire.name, email: wire.email, role: wire.role };
}

/** The datasource's type is its plugin's id; pluginv2 does not repeat it. */
function datasourceFromProto(wire: WireDatasourceSettings, pluginId: string): DatasourceSettings {
  return {
    id: int64ToNumber(wire.id, "datasource id"),
    uid: wire.uid,
    name: wire.name,
    type: pluginId,
    url: wire.url,
    user: wire.user,
    database: wire.database,
    basicAuthEnabled: wire.basicAuthEnabled,
    basicAuthUser: wire.basicAuthUser,
    jsonData: jsonBytes(wire.jsonData, "datasource jsonData"),
    decryptedSecureJsonData: { ...wire.decryptedSecureJsonData },
    updatedMs: int64ToNumber(wire.lastUpdatedMS, "datasource lastUpdatedMS"),
    apiVersion: wire.apiVersion,
  };
}

function appFromProto(wire: WireAppSettings): AppSettings {
  return {
    jsonData: jsonBytes(wire.jsonData, "app jsonData"),
    decryptedSecureJsonData: { ...wire.decryptedSecureJsonData },
    updatedMs: int64ToNumber(wire.lastUpdatedMS, "app lastUpdatedMS"),
    apiVersion: wire.apiVersion,
  };
}
