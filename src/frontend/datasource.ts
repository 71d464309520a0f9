/**
 * The Simple JSON datasource on DataSourceWithBackend: panel and annotation queries go to
 * `/api/ds/query` (the shim's QueryData), variables and ad hoc filters to the backend's
 * `/search`, `/tag-keys` and `/tag-values` resources, Save & test to CheckHealth.
 */
import type {
  AdHocVariableFilter,
  AnnotationQuery,
  AnnotationSupport,
  DataQueryRequest,
  DataQueryResponse,
  MetricFindValue,
  ScopedVars,
} from "@grafana/data";
import { DataSourceWithBackend, getTemplateSrv } from "@grafana/runtime";
import type { Observable } from "rxjs";
import { AnnotationQueryEditor } from "./annotation-editor";
import { adHocFiltersOf, interpolateQuery } from "./interpolate";
import { metricFindValues } from "./metric-values";
import {
  annotationsQueryType,
  placeholderTarget,
  type SimpleJsonOptions,
  type SimpleJsonQuery,
} from "./types";

export class DataSource extends DataSourceWithBackend<SimpleJsonQuery, SimpleJsonOptions> {
  override annotations: AnnotationSupport<SimpleJsonQuery> = {
    QueryEditor: AnnotationQueryEditor,
    prepareAnnotation: legacyAnnotation,
    prepareQuery: annotationTarget,
  };

  /** Grafana 10+ no longer filters inside query(); doing it here keeps one rule for all. */
  override query(request: DataQueryRequest<SimpleJsonQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((q) => this.filterQuery(q));
    return super.query({ ...request, targets });
  }

  /** Hidden queries and queries without a metric (the old placeholder) are not sent. */
  override filterQuery(query: SimpleJsonQuery): boolean {
    if (query.hide === true) return false;
    if (query.queryType === annotationsQueryType) return true;
    const target = query.target;
    return typeof target === "string" && target.trim() !== "" && target !== placeholderTarget;
  }

  override applyTemplateVariables(
    query: SimpleJsonQuery,
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[],
  ): SimpleJsonQuery {
    return interpolateQuery(query, scopedVars, adHocFiltersOf(filters, this.name));
  }

  /** Variable queries: the text is the target of `/search`, as the old frontend sent it. */
  override async metricFindQuery(
    query: unknown,
    options?: { scopedVars?: ScopedVars },
  ): Promise<MetricFindValue[]> {
    const text = typeof query === "string" ? query : targetOfVariable(query);
    const target = getTemplateSrv().replace(text, options?.scopedVars, "regex");
    return metricFindValues("/search", await this.postResource("search", { target }));
  }

  /** Metric picker options: the server's `/search` answer for what was typed. */
  async searchMetrics(typed: string): Promise<MetricFindValue[]> {
    return metricFindValues("/search", await this.postResource("search", { target: typed }));
  }

  override async getTagKeys(): Promise<MetricFindValue[]> {
    return metricFindValues("/tag-keys", await this.postResource("tag-keys", {}));
  }

  override async getTagValues(options: { key: string }): Promise<MetricFindValue[]> {
    const answer = await this.postResource("tag-values", { key: options.key });
    return metricFindValues("/tag-values", answer);
  }
}

function targetOfVariable(query: unknown): string {
  if (typeof query !== "object" || query === null) return "";
  const { query: text, target } = query as { query?: unknown; target?: unknown };
  return typeof text === "string" ? text : typeof target === "string" ? target : "";
}

/** The old annotation `{name, enable, iconColor, query}` gets a target holding its query. */
function legacyAnnotation(json: AnnotationQuery<SimpleJsonQuery> & { query?: string }) {
  if (json.target === undefined) {
    json.target = { refId: "Anno", queryType: annotationsQueryType, query: json.query ?? "" };
  }
  return json;
}

function annotationTarget(anno: AnnotationQuery<SimpleJsonQuery>): SimpleJsonQuery | undefined {
  const target = anno.target;
  if (target === undefined) return undefined;
  const query = target.query ?? "";
  return {
    ...target,
    refId: target.refId || "Anno",
    queryType: annotationsQueryType,
    query,
    annotation: {
      name: anno.name,
      datasource: anno.datasource,
      enable: anno.enable,
      ...(anno.iconColor ? { iconColor: anno.iconColor } : {}),
      query,
    },
  };
}
