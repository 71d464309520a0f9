/**
 * Template variables in a query, as the old frontend replaced them: the target with the
 * `regex` format (a multi-value variable becomes `(a|b)`), and every string inside the payload
 * the same way; annotation texts with `glob` as the old annotation query did.
 */
import type { AdHocVariableFilter, ScopedVars } from "@grafana/data";
import { getTemplateSrv } from "@grafana/runtime";
import { type AdHocFilter, annotationsQueryType, type SimpleJsonQuery } from "./types";

type Replace = (text: string, format: string) => string;

export function interpolateQuery(
  query: SimpleJsonQuery,
  scopedVars: ScopedVars | undefined,
  filters: AdHocFilter[],
): SimpleJsonQuery {
  const templates = getTemplateSrv();
  const replace: Replace = (text, format) => templates.replace(text, scopedVars, format);
  const out: SimpleJsonQuery = { ...query };
  if (typeof query.target === "string") out.target = replace(query.target, "regex");
  if (query.data !== undefined) out.data = interpolateJson(query.data, replace);
  if (query.payload !== undefined) out.payload = interpolateJson(query.payload, replace);
  if (query.queryType === annotationsQueryType) {
    const text = replace(query.query ?? query.annotation?.query ?? "", "glob");
    out.query = text;
    out.annotation = { ...query.annotation, query: text };
  } else {
    out.type = query.type ?? "timeserie";
  }
  if (filters.length > 0) out.adhocFilters = filters;
  return out;
}

function interpolateJson(value: unknown, replace: Replace): unknown {
  if (typeof value === "string") return replace(value, "regex");
  if (Array.isArray(value)) return value.map((item) => interpolateJson(item, replace));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateJson(item, replace)]),
    );
  }
  return value;
}

/**
 * The dashboard's ad hoc filters for this datasource: Grafana 10.3+ passes them to
 * applyTemplateVariables; older Grafana has them from its template service by datasource name.
 */
export function adHocFiltersOf(
  given: AdHocVariableFilter[] | undefined,
  datasourceName: string,
): AdHocFilter[] {
  if (given !== undefined) return given.map(filterOf);
  const templates = getTemplateSrv() as { getAdhocFilters?: (name: string) => unknown };
  const old = templates.getAdhocFilters?.(datasourceName);
  return Array.isArray(old) ? old.map(filterOf) : [];
}

function filterOf(filter: AdHocVariableFilter): AdHocFilter {
  const { key, operator, value, condition } = filter as AdHocVariableFilter & {
    condition?: string;
  };
  return condition ? { key, operator, value, condition } : { key, operator, value };
}
