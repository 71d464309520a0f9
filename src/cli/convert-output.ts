/**
 * The three output forms of `grafana-shim convert`, one result at a time: legacy tsdb JSON
 * (as Grafana wrote it: NaN points as null, int64 with every digit, bytes as base64, `tables`
 * null when none), /api/ds/query frame JSON, and Grafana 7's base64 Arrow `dataframes`.
 */
import { jsonText } from "../adapters/json-text.js";
import type { Frame } from "../model/frame.js";
import type { Cell, LegacyResult, Series, Table } from "../model/legacy.js";
import { frameToArrowBase64, frameToJSONText } from "./convert-codecs.js";

/** A frames answer as the frames outputs write it. */
export interface FramesResult {
  readonly refId: string;
  readonly frames: readonly Frame[];
  readonly error?: string;
  readonly status?: number;
  readonly errorSource?: string;
}

export function tsdbResultText(result: LegacyResult, at: string, warnings: string[]): string {
  const series = result.series ?? [];
  const tables = result.tables ?? [];
  const parts = [`"refId":${JSON.stringify(result.refId)}`];
  if (result.meta !== undefined) parts.push(`"meta":${jsonText(result.meta)}`);
  if (result.error) parts.push(`"error":${JSON.stringify(result.error)}`);
  parts.push(
    `"series":[${series.map((s, i) => seriesText(s, `${at}.series[${i}]`, warnings)).join(",")}]`,
  );
  const tableTexts = tables.map((t, i) => tableText(t, `${at}.tables[${i}]`, warnings));
  parts.push(`"tables":${tables.length === 0 ? "null" : `[${tableTexts.join(",")}]`}`);
  return `{${parts.join(",")}}`;
}

const isInfinite = (value: unknown) =>
  value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY;

function seriesText(series: Series, at: string, warnings: string[]): string {
  // Grafana writes NaN points as null itself; ±Inf it cannot write at all.
  const infinite = series.points.filter(([value]) => isInfinite(value)).length;
  if (infinite > 0)
    warnings.push(`${at}: ${infinite} ±Inf values written as null (JSON has no Infinity)`);
  const points = series.points.map(([value, time]) => `[${jsonText(value)},${time}]`).join(",");
  const tags = series.tags === undefined ? "" : `"tags":${jsonText(series.tags)},`;
  return `{"name":${JSON.stringify(series.name)},${tags}"points":[${points}]}`;
}

function tableText(table: Table, at: string, warnings: string[]): string {
  const special = table.rows
    .flat()
    .filter((cell: Cell) => typeof cell === "number" && !Number.isFinite(cell));
  if (special.length > 0)
    warnings.push(`${at}: ${special.length} NaN or ±Inf cells written as null (JSON has none)`);
  const columns = table.columns.map((column) => ({ text: column.text }));
  return `{"columns":${jsonText(columns)},"rows":${jsonText(table.rows)}}`;
}

const statusOf = (result: FramesResult) => result.status ?? (result.error ? 500 : 200);

function errorParts(result: FramesResult): string[] {
  const parts: string[] = [];
  if (result.error) parts.push(`"error":${JSON.stringify(result.error)}`);
  if (result.errorSource) parts.push(`"errorSource":${JSON.stringify(result.errorSource)}`);
  return parts;
}

/** Go SDK plugins give frames without a refId the response's; so does the shim. */
function withRefId(frame: Frame, refId: string): Frame {
  return frame.refId ? frame : { ...frame, refId };
}

export function framesJSONResultText(result: FramesResult): string {
  const frames = result.frames.map((frame) => frameToJSONText(withRefId(frame, result.refId)));
  return `{${[...errorParts(result), `"status":${statusOf(result)}`, `"frames":[${frames.join(",")}]`].join(",")}}`;
}

export function arrowResultText(result: FramesResult): string {
  const frames = result.frames.map((frame) =>
    JSON.stringify(frameToArrowBase64(withRefId(frame, result.refId))),
  );
  const parts = [
    `"refId":${JSON.stringify(result.refId)}`,
    ...errorParts(result),
    `"dataframes":[${frames.join(",")}]`,
  ];
  return `{${parts.join(",")}}`;
}
