/**
 * The three output forms of `grafana-shim convert`: legacy tsdb JSON (the gateway's writer:
 * what Grafana's Go encoder wrote), /api/ds/query frame JSON and Grafana 7's base64 Arrow
 * `dataframes`, the last two one result at a time.
 */
import type { Frame } from "../model/frame.js";
import type { Cell, LegacyResult } from "../model/legacy.js";
import { tsdbResponseToHttp, tsdbResultToHttp } from "../server/http/convert-response.js";
import { frameToArrowBase64, frameToJSONText } from "./convert-codecs.js";

/** A frames answer as the frames outputs write it. */
export interface FramesResult {
  readonly refId: string;
  readonly frames: readonly Frame[];
  readonly error?: string;
  readonly status?: number;
  readonly errorSource?: string;
}

/**
 * A tsdb response of these results, as the gateway writes /api/tsdb/query (by the same
 * writer): results by refId in Go's map order, `message` when one failed.
 */
export async function tsdbResponseText(results: readonly LegacyResult[]): Promise<string> {
  const encoded = await Promise.all(results.map((result) => tsdbResultToHttp({ result })));
  return Buffer.concat(tsdbResponseToHttp(encoded).body.chunks).toString("utf8");
}

/** What a tsdb response cannot hold of a result, as warnings naming where. */
export function tsdbLosses(result: LegacyResult, at: string): string[] {
  const warnings: string[] = [];
  for (const [i, series] of (result.series ?? []).entries()) {
    // Grafana writes NaN points as null itself; ±Inf it cannot write at all.
    const infinite = series.points.filter(([value]) => isInfinite(value)).length;
    if (infinite > 0)
      warnings.push(
        `${at}.series[${i}]: ${infinite} ±Inf values written as null (JSON has no Infinity)`,
      );
  }
  for (const [i, table] of (result.tables ?? []).entries()) {
    const special = table.rows
      .flat()
      .filter((cell: Cell) => typeof cell === "number" && !Number.isFinite(cell));
    if (special.length > 0)
      warnings.push(
        `${at}.tables[${i}]: ${special.length} NaN or ±Inf cells written as null (JSON has none)`,
      );
  }
  return warnings;
}

const isInfinite = (value: unknown) =>
  value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY;

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
