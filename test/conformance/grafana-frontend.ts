/**
 * Grafana's own frontend conversions, as published on npm: @grafana/data 7.5.17 (the last
 * frontend that turned /api/tsdb/query series and tables into frames) and the current one.
 * Each version also reads the shim's frames over the wire it read them from: Arrow for
 * Grafana 7 (arrowTableToDataFrame), frame JSON for Grafana 8+ (dataFrameFromJSON).
 */
import { createRequire } from "node:module";
import { frameToArrow } from "../../src/frames/arrow/frames.js";
import { frameToJSON } from "../../src/frames/json/frames.js";
import type { Frame } from "../../src/model/frame.js";

interface Vector {
  readonly length: number;
  get(index: number): unknown;
}

/** A frontend DataFrame field: values are a Vector in 7.x and an array in 8+. */
export interface FrontendField {
  name: string | null;
  type: string;
  values: Vector | unknown[];
  labels?: Record<string, string>;
  config: Record<string, unknown>;
}

export interface FrontendFrame {
  name?: string;
  length: number;
  fields: FrontendField[];
}

/** toLegacyResponseData's two shapes: a time series or a table. */
export type LegacyResponse =
  | { target: string; datapoints: unknown[][] }
  | { columns: { text: string }[]; rows: unknown[][] };

interface GrafanaData {
  toDataFrame(data: unknown): FrontendFrame;
  toLegacyResponseData(frame: FrontendFrame): LegacyResponse;
  getFieldDisplayName(field: FrontendField, frame: FrontendFrame, all?: FrontendFrame[]): string;
}

export interface FrontendVersion extends GrafanaData {
  readonly version: string;
  /** The shim's frame as this frontend reads it from the plugin's answer. */
  read(frame: Frame): FrontendFrame;
}

const require = createRequire(import.meta.url);

const grafana7 = require("grafana-data-7") as GrafanaData & {
  base64StringToArrowTable(text: string): unknown;
  arrowTableToDataFrame(table: unknown): FrontendFrame;
};
const grafanaNow = require("@grafana/data") as GrafanaData & {
  dataFrameFromJSON(dto: unknown): FrontendFrame;
};

/** Grafana 7 logs "UNKNOWN Type" for Binary (json) columns: keep test output clean. */
export function quietly<T>(run: () => T): T {
  const error = console.error;
  console.error = () => {};
  try {
    return run();
  } finally {
    console.error = error;
  }
}

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

export const frontends: readonly FrontendVersion[] = [
  {
    ...pick(grafana7),
    version: versionOf("grafana-data-7"),
    read: (frame) =>
      quietly(() =>
        grafana7.arrowTableToDataFrame(
          grafana7.base64StringToArrowTable(Buffer.from(frameToArrow(frame)).toString("base64")),
        ),
      ),
  },
  {
    ...pick(grafanaNow),
    version: versionOf("@grafana/data"),
    read: (frame) => grafanaNow.dataFrameFromJSON(JSON.parse(frameToJSON(frame))),
  },
];

function pick(data: GrafanaData): GrafanaData {
  return {
    toDataFrame: data.toDataFrame,
    toLegacyResponseData: data.toLegacyResponseData,
    getFieldDisplayName: data.getFieldDisplayName,
  };
}

export function valuesOf(field: FrontendField): unknown[] {
  const values = field.values;
  if (Array.isArray(values)) return values;
  return Array.from({ length: values.length }, (_, i) => values.get(i));
}
