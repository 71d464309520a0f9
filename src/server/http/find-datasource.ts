/** The datasource a `/api/datasources/...` URL names, or Grafana's 404/400. */
import type { Request } from "express";
import type { Datasource } from "../../datasources/datasource.js";
import type { DatasourceRegistry } from "../../datasources/registry.js";
import { ErrorCode, ShimError } from "../../errors.js";

export type DatasourceKey = "uid" | "id" | "name";

export function findDatasource(
  req: Request,
  key: DatasourceKey,
  registry: DatasourceRegistry,
): Datasource {
  const param = String(req.params[key] ?? "");
  let ds: Datasource | undefined;
  if (key === "id") {
    if (!/^[0-9]+$/.test(param)) throw new ShimError(ErrorCode.InvalidArgument, "id is invalid");
    ds = registry.byId(Number(param));
  } else {
    ds = key === "uid" ? registry.byUid(param) : registry.all.find((d) => d.name === param);
  }
  if (!ds) throw new ShimError(ErrorCode.NotFound, "Data source not found");
  return ds;
}
