/**
 * Answers into the HTTP bodies Grafana wrote: `/api/tsdb/query` (results by
 * refId, top-level `message`, 400 when a query failed) and `/api/ds/query`
 * (results by refId with `status`, `error`, `errorSource`, frames JSON; 400, or
 * 207 with the multi-status option). refIds are in Go's map order (sorted);
 * a repeated refId keeps its last answer, as Grafana's maps do.
 */
import { toShimError } from "../../errors.js";
import { frameToJSON } from "../../frames/json.js";
import type { DataResponse } from "../../model/data.js";
import { type TsdbResult, tsdbResultJSON } from "./legacy-json.js";

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

const text = JSON.stringify;

export function tsdbResponseToHttp(answers: readonly TsdbResult[]): HttpAnswer {
  const byRefId = lastByRefId(answers.map((a) => [a.result.refId, a] as const));
  let message: string | undefined;
  const entries = byRefId.map(([refId, answer]) => {
    let json: string;
    try {
      json = tsdbResultJSON(answer);
    } catch (thrown) {
      json = tsdbResultJSON({ result: { refId, error: toShimError(thrown).message } });
      message ??= toShimError(thrown).message;
    }
    if (answer.result.error) message ??= answer.result.error;
    return `${text(refId)}:${json}`;
  });
  const tail = message === undefined ? "" : `,"message":${text(message)}`;
  return {
    status: message === undefined ? 200 : 400,
    body: `{"results":{${entries.join(",")}}${tail}}`,
  };
}

export function dsResponseToHttp(
  refIds: readonly string[],
  responses: readonly DataResponse[],
  multiStatus: boolean,
): HttpAnswer {
  let failed = false;
  const entries = lastByRefId(responses.map((r, i) => [refIds[i] ?? "", r] as const)).map(
    ([refId, response]) => {
      const { json, error } = dataResponseJSON(refId, response);
      failed ||= error;
      return `${text(refId)}:${json}`;
    },
  );
  const status = failed ? (multiStatus ? 207 : 400) : 200;
  return { status, body: `{"results":{${entries.join(",")}}}` };
}

/** SDK key order: error, errorSource, status, frames (left out for an error without frames). */
function dataResponseJSON(refId: string, response: DataResponse): { json: string; error: boolean } {
  let frames: string[];
  try {
    frames = response.frames.map((frame) => frameToJSON(frame.refId ? frame : { ...frame, refId }));
  } catch (thrown) {
    const message = `frames cannot be sent: ${toShimError(thrown).message}`;
    return dataResponseJSON(refId, {
      frames: [],
      error: message,
      status: 500,
      errorSource: "plugin",
    });
  }
  if (!response.error)
    return {
      json: `{"status":${statusOf(response)},"frames":[${frames.join(",")}]}`,
      error: false,
    };
  let json = `{"error":${text(response.error)},"errorSource":${text(response.errorSource ?? "plugin")}`;
  json += `,"status":${statusOf(response)}`;
  if (frames.length > 0) json += `,"frames":[${frames.join(",")}]`;
  return { json: `${json}}`, error: true };
}

/** Grafana reads 0 or anything outside 100-599 as 500; success is always 200. */
function statusOf({ status, error }: DataResponse): number {
  if (status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599)
    return status;
  return error ? 500 : 200;
}

function lastByRefId<T>(pairs: readonly (readonly [string, T])[]): [string, T][] {
  const map = new Map<string, T>();
  for (const [refId, value] of pairs) map.set(refId, value);
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
