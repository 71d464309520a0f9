/**
 * Which configured datasource a request is for, with Grafana 8.x's messages:
 * /api/tsdb/query reads `datasourceId` of the first query; /api/ds/query reads
 * `datasource.uid` (8.3+), a `datasource` string, or `datasourceId` (7.x) of
 * each query. Grafana silently used the first query's datasource for all; the
 * shim refuses a request whose queries name different ones.
 */
import type { Datasource } from "../../datasources/datasource.js";
import type { DatasourceRegistry } from "../../datasources/registry.js";
import { ErrorCode, ShimError } from "../../errors.js";
import type { HttpQuery } from "./schemas.js";

type Ref =
  | { readonly by: "id"; readonly id: number }
  | { readonly by: "uid"; readonly uid: string };

export function tsdbDatasource(
  queries: readonly HttpQuery[],
  registry: DatasourceRegistry,
): Datasource {
  const refs = queries.map((q): Ref | undefined =>
    q.datasourceId === undefined ? undefined : { by: "id", id: q.datasourceId },
  );
  if (!refs[0]) throw fail("Query missing datasourceId", 0, "no datasourceId");
  return resolve(refs, registry);
}

export function dsDatasource(
  queries: readonly HttpQuery[],
  registry: DatasourceRegistry,
): Datasource {
  const refs = queries.map(dsRef);
  const missing = refs.indexOf(undefined);
  if (missing >= 0) {
    throw fail(
      "Query missing data source ID/UID",
      missing,
      "no datasource.uid and no datasourceId",
    );
  }
  return resolve(refs, registry);
}

function dsRef(query: HttpQuery): Ref | undefined {
  const ds = query.datasource;
  const uid = typeof ds === "string" ? ds : (ds?.uid ?? "");
  if (uid !== "") return { by: "uid", uid };
  return query.datasourceId === undefined ? undefined : { by: "id", id: query.datasourceId };
}

function resolve(refs: readonly (Ref | undefined)[], registry: DatasourceRegistry): Datasource {
  const first = refs[0] as Ref;
  const ds = lookUp(first, 0, registry);
  refs.forEach((ref, i) => {
    if (ref && lookUp(ref, i, registry) !== ds) {
      const message = `uses ${describe(ref)}, but queries[0] uses ${describe(first)}`;
      throw fail("All queries must use the same datasource", i, message);
    }
  });
  return ds;
}

const notServed = new Set([
  "__expr__",
  "-- Grafana --",
  "grafana",
  "-- Mixed --",
  "-- Dashboard --",
]);

function lookUp(ref: Ref, index: number, registry: DatasourceRegistry): Datasource {
  const found = ref.by === "id" ? registry.byId(ref.id) : registry.byUidOrName(ref.uid);
  if (found) return found;
  if (ref.by === "id")
    throw fail("Invalid data source ID", index, `no datasource has id ${ref.id}`);
  if (notServed.has(ref.uid)) {
    throw fail(
      `Datasource ${JSON.stringify(ref.uid)} is Grafana's own and not served by grafana-shim`,
      index,
      "server-side expressions and Grafana's built-in datasources need a Grafana",
    );
  }
  throw fail(
    "Invalid data source UID",
    index,
    `no datasource has uid or name ${JSON.stringify(ref.uid)}`,
  );
}

function describe(ref: Ref): string {
  return ref.by === "id" ? `datasourceId ${ref.id}` : `datasource ${JSON.stringify(ref.uid)}`;
}

/** Grafana's message, and the query it is about as an issue with a path. */
function fail(message: string, index?: number, detail?: string): ShimError {
  const issues =
    index === undefined ? undefined : [{ path: ["queries", index], message: detail ?? message }];
  return new ShimError(
    ErrorCode.InvalidArgument,
    message,
    issues ? { cause: { issues } } : undefined,
  );
}
