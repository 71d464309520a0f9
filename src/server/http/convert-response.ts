/**
 * Answers into the HTTP bodies Grafana wrote: `/api/tsdb/query` (results by
 * refId, top-level `message`, 400 when a query failed) and `/api/ds/query`
 * (results by refId with `status`, `error`, `errorSource`, frames JSON; 400, or
 * 207 with the multi-status option). refIds are in Go's map order (sorted);
 * a repeated refId keeps its last answer, as Grafana's maps do. Each query's
 * result is written to bytes as soon as it is answered, charged to the
 * request's answer budget, and the body goes out as those chunks.
 */
import { ErrorCode, type ShimError, toShimError } from "../../errors.js";
import { frameJSONParts } from "../../frames/json/frames.js";
import type { DataResponse } from "../../model/data.js";
import { type Charge, type Chunks, chunksOf } from "./json-chunks.js";
import { type TsdbResult, tsdbResultParts } from "./legacy-json.js";

/** One query's result as it goes into the body, and its error (with its source) when it has one. */
export interface EncodedResult {
  readonly refId: string;
  readonly json: Chunks;
  readonly error?: string;
  readonly errorSource?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: Chunks;
}

const text = JSON.stringify;

/** A tsdb result's JSON; an answer the writer rejects becomes an error result naming why. */
export async function tsdbResultToHttp(
  answer: TsdbResult,
  charge?: Charge,
): Promise<EncodedResult> {
  const { refId } = answer.result;
  try {
    const json = await chunksOf(tsdbResultParts(answer), charge);
    return { refId, json, ...failure(answer.result.error, answer.result.errorSource) };
  } catch (thrown) {
    const error = writerError(thrown, charge);
    const json = await chunksOf(tsdbResultParts({ result: { refId, error: error.message } }));
    return { refId, json, error: error.message, errorSource: error.source };
  }
}

/** SDK key order: error, errorSource, status, frames (left out for an error without frames). */
export async function dsResultToHttp(
  refId: string,
  response: DataResponse,
  charge?: Charge,
): Promise<EncodedResult> {
  try {
    const json = await chunksOf(dataResponseParts(refId, response), charge);
    return { refId, json, ...failure(response.error, response.errorSource) };
  } catch (thrown) {
    const message = `frames cannot be sent: ${writerError(thrown, charge).message}`;
    const failed = { frames: [], error: message, status: 500, errorSource: "plugin" } as const;
    const json = await chunksOf(dataResponseParts(refId, failed));
    return { refId, json, error: message, errorSource: "plugin" };
  }
}

function failure(error: string | undefined, source: string | undefined) {
  return error ? { error, errorSource: source ?? "plugin" } : {};
}

/** Over the budget or past the deadline: the query's failure. Anything else: the writer's. */
function writerError(thrown: unknown, charge: Charge | undefined): ShimError {
  const error = toShimError(thrown);
  if (error.code === ErrorCode.ResourceExhausted || charge?.signal.aborted) throw error;
  return error;
}

function* dataResponseParts(refId: string, response: DataResponse): Generator<string> {
  const frames = response.frames;
  if (response.error) {
    const source = text(response.errorSource ?? "plugin");
    const head = `{"error":${text(response.error)},"errorSource":${source},"status":${statusOf(response)}`;
    if (frames.length === 0) {
      yield `${head}}`;
      return;
    }
    yield `${head},"frames":[`;
  } else yield `{"status":${statusOf(response)},"frames":[`;
  for (const [i, frame] of frames.entries()) {
    if (i > 0) yield ",";
    yield* frameJSONParts(frame.refId ? frame : { ...frame, refId });
  }
  yield "]}";
}

export function tsdbResponseToHttp(results: readonly EncodedResult[]): HttpAnswer {
  const kept = lastByRefId(results);
  const message = kept.find((r) => r.error !== undefined)?.error;
  const tail = message === undefined ? "" : `,"message":${text(message)}`;
  return {
    status: message === undefined ? 200 : 400,
    body: resultsBody(kept, `}${tail}}`),
  };
}

export function dsResponseToHttp(
  results: readonly EncodedResult[],
  multiStatus: boolean,
): HttpAnswer {
  const kept = lastByRefId(results);
  const failed = kept.some((r) => r.error !== undefined);
  return { status: failed ? (multiStatus ? 207 : 400) : 200, body: resultsBody(kept, "}}") };
}

/** `{"results":{"A":…,"B":…` and the tail, as one list of chunks taken from the results. */
function resultsBody(results: readonly EncodedResult[], tail: string): Chunks {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  const add = (chunk: Uint8Array) => {
    parts.push(chunk);
    bytes += chunk.byteLength;
  };
  results.forEach((result, i) => {
    add(Buffer.from(`${i === 0 ? '{"results":{' : ","}${text(result.refId)}:`));
    for (const chunk of result.json.chunks) add(chunk);
    result.json.chunks.length = 0;
  });
  add(Buffer.from(results.length === 0 ? `{"results":{${tail}` : tail));
  return { chunks: parts, bytes };
}

/** Grafana reads 0 or anything outside 100-599 as 500; success is always 200. */
function statusOf({ status, error }: DataResponse): number {
  if (status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599)
    return status;
  return error ? 500 : 200;
}

function lastByRefId(results: readonly EncodedResult[]): EncodedResult[] {
  const map = new Map<string, EncodedResult>();
  for (const result of results) map.set(result.refId, result);
  return [...map.values()].sort((a, b) => (a.refId < b.refId ? -1 : a.refId > b.refId ? 1 : 0));
}
