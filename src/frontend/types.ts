/**
 * The query model and settings of a Simple JSON datasource, as the old Angular frontend saved
 * them (so stored dashboards keep working) plus what the shim's backend reads besides.
 */
import type { DataQuery, DataSourceJsonData } from "@grafana/data";

export type QueryFormat = "timeserie" | "table";

export interface SimpleJsonQuery extends DataQuery {
  /** The metric (the old `target`); may hold template variables. */
  target?: string;
  /** `timeserie` (the default) or `table`. */
  type?: QueryFormat;
  /** Additional JSON sent with the target; `payload` is what simPod servers and forks read. */
  data?: unknown;
  payload?: unknown;
  /** Stream new points through Grafana Live (time series only). */
  live?: boolean;
  /** Set on annotation queries: the text sent as `annotation.query`. */
  query?: string;
  annotation?: AnnotationModel;
  adhocFilters?: AdHocFilter[];
}

/** What the old frontend posted to `/annotations`. */
export interface AnnotationModel {
  name?: string;
  datasource?: unknown;
  enable?: boolean;
  iconColor?: string;
  query?: string;
}

export interface AdHocFilter {
  key: string;
  operator: string;
  value: string;
  condition?: string;
}

/** jsonData keys the backend reads besides DataSourceHttpSettings' own. */
export interface SimpleJsonOptions extends DataSourceJsonData {
  timeout?: number | string;
  maxResponseMiB?: number;
}

/** The old query editor's placeholder target: never sent. */
export const placeholderTarget = "select metric";

export const annotationsQueryType = "annotations";
