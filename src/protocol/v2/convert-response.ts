/** Model DataResponses into `pluginv2.DataResponse`, frames encoded as the host asked. */
import { ErrorCode, type ErrorSource, httpStatusOf, ShimError, toShimError } from "../../errors.js";
import { frameToJSON } from "../../frames/json/frames.js";
import type { AnswerShare } from "../../handler/answer-budget.js";
import type { DataResponse, FrameFormat } from "../../model/data.js";
import type { Frame } from "../../model/frame.js";
import { wellFormed } from "../../well-formed.js";
import { frameFormatToProto } from "./convert-request.js";
import type { WireDataResponse } from "./wire.js";

const utf8 = new TextEncoder();

let frameToArrow: ((frame: Frame) => Uint8Array) | undefined;

/** apache-arrow is the slowest module to load: it loads with the first QueryData, which waits for it. */
export async function frameEncodersReady(): Promise<void> {
  frameToArrow ??= (await import("../../frames/arrow/frames.js")).frameToArrow;
}

const encoders: Record<FrameFormat, (frame: Frame) => Uint8Array> = {
  arrow: (frame) => {
    if (!frameToArrow)
      throw new Error("the Arrow codec is not loaded yet (call frameEncodersReady)");
    return frameToArrow(frame);
  },
  json: (frame) => utf8.encode(frameToJSON(frame)),
};

/** Go SDK plugins fill an empty frame refId with the response key; hosts rely on it. */
export function frameWithRefId(frame: Frame, refId: string): Frame {
  return frame.refId ? frame : { ...frame, refId };
}

/** `share`, when given, is charged each frame's bytes as it is encoded; its error goes on up. */
export function encodeFrames(
  frames: readonly Frame[],
  refId: string,
  format: FrameFormat,
  share?: AnswerShare,
): Uint8Array[] {
  return frames.map((frame, i) => {
    let bytes: Uint8Array;
    try {
      bytes = encoders[format](frameWithRefId(frame, refId));
    } catch (thrown) {
      throw new ShimError(
        ErrorCode.Handler,
        `frame ${i} cannot be encoded: ${toShimError(thrown).message}`,
      );
    }
    share?.take(bytes.byteLength);
    return bytes;
  });
}

/**
 * A status Grafana reads correctly: 0 or anything outside 100-599 would be read as 500,
 * so success is always 200 and an error without a status is 500.
 */
export function effectiveStatus(response: Pick<DataResponse, "status" | "error">): number {
  const { status } = response;
  if (status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599)
    return status;
  return response.error ? 500 : 200;
}

/** With `share`, the frames are charged to the request's answer budget; its error goes on up. */
export function dataResponseToProto(
  refId: string,
  response: DataResponse,
  format: FrameFormat,
  share?: AnswerShare,
): WireDataResponse {
  const wireFormat = frameFormatToProto(format);
  try {
    const frames = encodeFrames(response.frames, refId, format, share);
    return {
      frames,
      status: effectiveStatus(response),
      format: wireFormat,
      ...errorFields(response.error, response.errorSource),
    };
  } catch (thrown) {
    share?.giveBack();
    const error = toShimError(thrown);
    if (error.code === ErrorCode.ResourceExhausted) throw error;
    const failed = errorResponseToProto(error, format);
    if (!response.error) return failed;
    // The handler's own error (with its status and source) stays, ahead of the frame's.
    const own = { status: effectiveStatus(response), format: wireFormat };
    return mergeResponses(
      { frames: [], ...own, ...errorFields(response.error, response.errorSource) },
      failed,
    );
  }
}

export function errorResponseToProto(error: ShimError, format: FrameFormat): WireDataResponse {
  return {
    frames: [],
    status: effectiveStatus({ status: httpStatusOf(error), error: error.message }),
    format: frameFormatToProto(format),
    ...errorFields(error.message, error.source),
  };
}

/** errorSource goes out only with an error, as the SDK does. */
function errorFields(
  error: string | undefined,
  source: ErrorSource | undefined,
): Partial<WireDataResponse> {
  if (!error) return {};
  return { error: wellFormed(error), errorSource: source ?? "plugin" };
}

/** Two answers for one refId (duplicate refIds) are merged, so neither is lost. */
export function mergeResponses(a: WireDataResponse, b: WireDataResponse): WireDataResponse {
  const error = [a.error, b.error].filter(Boolean).join("; ");
  return {
    frames: [...a.frames, ...b.frames],
    status: Math.max(a.status, b.status),
    format: a.format,
    ...(error ? { error, errorSource: a.errorSource || b.errorSource || "plugin" } : {}),
  };
}
