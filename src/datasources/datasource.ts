/** A datasource as the gateway serves it: Grafana's stored settings, secrets decrypted. */
import type { DatasourceSettings } from "../model/data.js";
import { urlWithoutPassword } from "../secrets.js";

export interface Datasource extends DatasourceSettings {
  readonly orgId: number;
  readonly access: "proxy" | "direct";
  readonly isDefault: boolean;
  readonly withCredentials: boolean;
  /** Provisioned with `editable: false` (Grafana's default). */
  readonly readOnly: boolean;
  readonly version: number;
}

/** `GET /api/datasources` item (Grafana's DataSourceListItemDTO): no secrets, not even their names, nor a password in the URL. */
export function datasourceListItem(ds: Datasource) {
  return {
    id: ds.id,
    uid: ds.uid,
    orgId: ds.orgId,
    name: ds.name,
    type: ds.type,
    typeName: ds.type,
    typeLogoUrl: "",
    access: ds.access,
    url: urlWithoutPassword(ds.url),
    user: ds.user,
    database: ds.database,
    basicAuth: ds.basicAuthEnabled,
    isDefault: ds.isDefault,
    jsonData: ds.jsonData,
    readOnly: ds.readOnly,
  };
}

/** `GET /api/datasources/uid/:uid` (Grafana's DataSource DTO): secrets only as `secureJsonFields` flags. */
export function datasourceDetail(ds: Datasource) {
  const secureJsonFields: Record<string, boolean> = {};
  for (const key of Object.keys(ds.decryptedSecureJsonData)) secureJsonFields[key] = true;
  return {
    ...datasourceListItem(ds),
    basicAuthUser: ds.basicAuthUser,
    withCredentials: ds.withCredentials,
    secureJsonFields,
    version: ds.version,
    apiVersion: ds.apiVersion,
  };
}

/** The datasource served when no provisioning file is given, named after the handler. */
export function defaultDatasource(handlerName: string): Datasource {
  const uid = handlerName.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 40) || "default";
  return {
    id: 1,
    uid,
    orgId: 1,
    name: `grafana-shim ${handlerName}`,
    type: "grafana-shim",
    access: "proxy",
    url: "",
    user: "",
    database: "",
    basicAuthEnabled: false,
    basicAuthUser: "",
    withCredentials: false,
    isDefault: true,
    jsonData: {},
    decryptedSecureJsonData: {},
    readOnly: true,
    version: 1,
    updatedMs: 0,
    apiVersion: "",
  };
}
