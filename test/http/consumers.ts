/**
 * The real readers of the gateway's answers: current @grafana/data
 * (`dataFrameFromJSON` for /api/ds/query frames, `toDataFrame` for the legacy
 * series and tables of /api/tsdb/query) and @grafana/data 7.5 for base64 Arrow
 * `dataframes`. Loaded through require: their ESM builds do not run under Node.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface GrafanaField {
  readonly name: string;
  readonly type: string;
  readonly values: ArrayLike<unknown> & { toArray?: () => unknown[] };
  readonly labels?: Record<string, string>;
}

export interface GrafanaFrame {
  readonly name?: string;
  readonly refId?: string;
  readonly fields: readonly GrafanaField[];
  readonly length: number;
}

const current = require("@grafana/data") as {
  dataFrameFromJSON(json: unknown): GrafanaFrame;
  toDataFrame(data: unknown): GrafanaFrame;
};
const v7 = require("grafana-data-7") as {
  base64StringToArrowTable(text: string): unknown;
  arrowTableToDataFrame(table: unknown): GrafanaFrame;
};

export const dataFrameFromJSON = (json: unknown) => current.dataFrameFromJSON(json);
export const toDataFrame = (data: unknown) => current.toDataFrame(data);
export const arrowToDataFrame = (base64: string) =>
  v7.arrowTableToDataFrame(v7.base64StringToArrowTable(base64));

/** A frame as plain columns, to compare what two readers made of two answers. */
export function columns(frame: GrafanaFrame): { name: string; type: string; values: unknown[] }[] {
  return frame.fields.map((f) => ({
    name: f.name,
    type: f.type,
    values: f.values.toArray ? f.values.toArray() : Array.from(f.values),
  }));
}
