/**
 * What the Go SDK makes of frames the shim encodes, as a list of problems per frame:
 * (a) the SDK's reading of the shim's Arrow, (b) the SDK's reading of the shim's JSON,
 * (c) the shim's JSON itself, (d) its key order and frontend types next to the SDK's.
 */
import { messageOf } from "../../src/errors.js";
import { frameToArrow } from "../../src/frames/arrow/frames.js";
import { frameToJSON } from "../../src/frames/json/frames.js";
import type { Frame } from "../../src/model/frame.js";
import { canonFromModel } from "./canon-model.js";
import { type CanonFrame, diffFrames } from "./canonical.js";
import { type JsonValue, parseLossless } from "./lossless-json.js";
import { sdkArrowToJson, sdkItem, sdkJsonToArrow } from "./oracle.js";
import { canonFromSdkJson } from "./sdk-json.js";

export interface Expected {
  /** What the SDK should read from the shim's encodings (default: the frame itself). */
  readonly sdk: CanonFrame;
  /** What the shim's frameToJSON should describe (default: the SDK's JSON of the shim's Arrow). */
  readonly json?: CanonFrame;
}

/** Problems of each frame: empty lists when the shim and the SDK agree on all of them. */
export function checkShimAgainstSdk(
  frames: readonly Frame[],
  expected?: readonly Expected[],
): string[][] {
  const shimJson = frames.map((frame) => attempt(() => frameToJSON(frame)));
  const shimArrow = frames.map((frame) => attempt(() => frameToArrow(frame)));
  const sdkOfArrow = sdkArrowToJson(
    shimArrow.map((a) => (a instanceof Error ? new Uint8Array() : a)),
  );
  const sdkArrowOfJson = sdkJsonToArrow(shimJson.map((j) => (j instanceof Error ? "null" : j)));
  const sdkOfJson = sdkArrowToJson(
    sdkArrowOfJson.map((a) => (a instanceof Error ? new Uint8Array() : a)),
  );
  return frames.map((frame, i) => {
    const json = shimJson[i];
    const arrow = shimArrow[i];
    const failed = [json, arrow]
      .filter((r) => r instanceof Error)
      .map((e) => `shim encoder threw: ${e.message}`);
    if (failed.length > 0 || typeof json !== "string") return failed;
    try {
      const want = expected?.[i]?.sdk ?? canonFromModel(frame);
      const sdk = sdkItem(sdkOfArrow[i], "SDK decoding the shim's Arrow");
      const shim = parseLossless(json);
      const problems = [
        ...prefixed("(a) SDK reading of shim Arrow", diffFrames(want, canonFromSdkJson(sdk))),
        ...prefixed(
          "(c) shim frameToJSON",
          diffFrames(expected?.[i]?.json ?? canonFromSdkJson(sdk), canonFromSdkJson(shim)),
        ),
        ...prefixed("(d) JSON key order and types", keyOrderDiff(sdk, shim)),
      ];
      const viaJson = sdkArrowOfJson[i];
      if (viaJson instanceof Error)
        problems.push(`(b) SDK cannot read the shim's JSON: ${viaJson.message}`);
      else {
        const sdkJson = sdkItem(sdkOfJson[i], "SDK re-encoding the shim's JSON");
        problems.push(
          ...prefixed("(b) SDK reading of shim JSON", diffFrames(want, canonFromSdkJson(sdkJson))),
        );
      }
      return problems;
    } catch (error) {
      return [messageOf(error)];
    }
  });
}

function attempt<T>(run: () => T): T | Error {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function prefixed(what: string, lines: readonly string[]): string[] {
  return lines.map((line) => `${what}: ${line}`);
}

/** Key order (a Go host needs schema before data; values, entities, nanos) and frontend types. */
export function keyOrder(json: JsonValue): string[] {
  const keys = (v: JsonValue | undefined) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.keys(v).join(",") : String(v);
  const frame = json as { [k: string]: JsonValue };
  const schema = (frame.schema ?? {}) as { [k: string]: JsonValue };
  const fields = Array.isArray(schema.fields) ? schema.fields : [];
  return [
    `frame: ${keys(frame)}`,
    `schema: ${keys(schema)}`,
    ...fields.map((f, i) => {
      const field = f as { [k: string]: JsonValue };
      return `field ${i}: ${keys(field)}; type ${String(field.type)}; typeInfo: ${keys(field.typeInfo)}`;
    }),
    `data: ${keys(frame.data)}`,
  ];
}

function keyOrderDiff(sdk: JsonValue, shim: JsonValue): string[] {
  const want = keyOrder(sdk);
  const got = keyOrder(shim);
  return want.flatMap((line, i) =>
    line === got[i] ? [] : [`expected "${line}", got "${got[i] ?? "(none)"}"`],
  );
}
