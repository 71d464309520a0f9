/**
 * What `grafana-shim convert` reads, detected from the JSON's shape: a response keyed by refId
 * (`{"results":{…}}`) whose results hold `frames` (frame JSON), `dataframes` (base64 Arrow)
 * or `series`/`tables` (legacy); a bare legacy result; one frame JSON object; or an array of
 * frame JSON objects or of base64 Arrow strings. Errors name the JSON path of the problem.
 */
import { badInput, describe, keyPath } from "../adapters/bad-input.js";
import { ShimError } from "../errors.js";
import { isPlainObject } from "../json-object.js";
import type { Frame } from "../model/frame.js";
import type { LegacyResult } from "../model/legacy.js";
import { frameFromArrowBase64, frameFromJSONObject } from "./convert-codecs.js";
import { legacyResultFromJSON } from "./convert-legacy-json.js";

export type Entry =
  | {
      readonly kind: "legacy";
      readonly refId: string;
      readonly at: string;
      readonly result: LegacyResult;
    }
  | {
      readonly kind: "frames";
      readonly refId: string;
      readonly at: string;
      readonly frames: Frame[];
      /** How warnings name the frame list: `results.A.frames`, or "" for a bare array. */
      readonly framesPath: string;
      readonly error?: string;
      readonly status?: number;
      readonly errorSource?: string;
    };

export function entriesOf(input: unknown): Entry[] {
  if (Array.isArray(input)) return framesByRefId(input.map((item, i) => frameOf(item, `[${i}]`)));
  if (!isPlainObject(input))
    throw badInput("input", `${describe(input)} is not a response, a frame or an array of frames`);
  if (isPlainObject(input.results)) {
    return Object.entries(input.results).map(([key, value]) =>
      resultEntry(key, value, keyPath("results", key)),
    );
  }
  if ("schema" in input) return framesByRefId([frameOf(input, "frame")]);
  if ("series" in input || "tables" in input)
    return [legacyEntry(input, stringOr(input.refId, "A"), "result")];
  throw badInput(
    "input",
    'is not a tsdb response, frame JSON or base64 Arrow frames (expected {"results":…}, {"schema":…}, {"series":…} or an array)',
  );
}

function resultEntry(key: string, value: unknown, at: string): Entry {
  if (!isPlainObject(value)) throw badInput(at, `must be a result object, not ${describe(value)}`);
  const refId = stringOr(value.refId, key);
  if (value.frames !== undefined && value.frames !== null) {
    const list = listAt(value.frames, `${at}.frames`);
    return framesEntry(
      value,
      refId,
      `${at}.frames`,
      list.map((f, i) => frameOf(f, `${at}.frames[${i}]`)),
    );
  }
  const legacy = [value.series, value.tables].some(
    (list) => Array.isArray(list) && list.length > 0,
  );
  if (Array.isArray(value.dataframes) && !legacy) {
    const frames = value.dataframes.map((f, i) => arrowFrameOf(f, `${at}.dataframes[${i}]`));
    return framesEntry(value, refId, `${at}.dataframes`, frames);
  }
  return legacyEntry(value, refId, at);
}

function legacyEntry(value: Readonly<Record<string, unknown>>, refId: string, at: string): Entry {
  return { kind: "legacy", refId, at, result: legacyResultFromJSON(value, refId, at) };
}

function framesEntry(
  value: Readonly<Record<string, unknown>>,
  refId: string,
  framesPath: string,
  frames: Frame[],
): Entry {
  const { error, status, errorSource } = value;
  return {
    kind: "frames",
    refId,
    at: framesPath.slice(0, framesPath.lastIndexOf(".")),
    frames,
    framesPath,
    ...(typeof error === "string" && error !== "" && { error }),
    ...(typeof status === "number" && { status }),
    ...(typeof errorSource === "string" && errorSource !== "" && { errorSource }),
  };
}

/** Frames without a response around them are grouped by their refId ("A" when empty). */
function framesByRefId(frames: Frame[]): Entry[] {
  const groups = new Map<string, Frame[]>();
  for (const frame of frames) {
    const refId = frame.refId || "A";
    groups.set(refId, [...(groups.get(refId) ?? []), frame]);
  }
  // Paths index the input array when it holds one refId, else the frames of each refId.
  const path = (refId: string) =>
    groups.size === 1 ? "" : `refId ${JSON.stringify(refId)} frames`;
  return [...groups].map(([refId, list]) => ({
    kind: "frames",
    refId,
    at: path(refId),
    frames: list,
    framesPath: path(refId),
  }));
}

function frameOf(value: unknown, at: string): Frame {
  if (typeof value === "string") return arrowFrameOf(value, at);
  if (!isPlainObject(value))
    throw badInput(at, `${describe(value)} is not frame JSON or a base64 Arrow string`);
  return located(at, () => frameFromJSONObject(value));
}

function arrowFrameOf(value: unknown, at: string): Frame {
  if (typeof value !== "string")
    throw badInput(at, `${describe(value)} is not a base64 Arrow string`);
  const frame = located(at, () => frameFromArrowBase64(value));
  if (frame === undefined) throw badInput(at, "is not base64");
  return frame;
}

function listAt(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw badInput(at, `must be an array, not ${describe(value)}`);
  return value;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

/** Prefixes a codec's ShimError with the JSON path of what it was reading. */
function located<T>(at: string, run: () => T): T {
  try {
    return run();
  } catch (thrown) {
    if (thrown instanceof ShimError)
      throw new ShimError(thrown.code, `${at}: ${thrown.message}`, { cause: thrown });
    throw thrown;
  }
}
