/**
 * `pluginv2.QueryDataResponse` into model DataResponses: the client side, reading
 * what a protocol-2 plugin executable answered. Frames are decoded (Arrow or
 * JSON, as the response says); a frame that does not decode makes that
 * response an error, as Grafana fails on it.
 */
import { ErrorCode, type ErrorSource, ShimError, toShimError } from "../../errors.js";
import { frameFromJSON } from "../../frames/json/frames.js";
import type { HealthResult } from "../../handler/types.js";
import type { DataResponse } from "../../model/data.js";
import type { Frame } from "../../model/frame.js";
import { wireBytes } from "../grpc/bytes.js";
import { frameFormatFromProto } from "./convert-request.js";
import {
  HealthStatus,
  type WireCheckHealthResponse,
  type WireDataResponse,
  type WireQueryDataResponse,
} from "./wire.js";

const utf8 = new TextDecoder();

let frameFromArrow: ((bytes: Uint8Array) => Frame) | undefined;

/** apache-arrow loads only when a protocol-2 plugin is called. */
export async function frameDecodersReady(): Promise<void> {
  frameFromArrow ??= (await import("../../frames/arrow/frames.js")).frameFromArrow;
}

const decoders = {
  arrow: (bytes: Uint8Array) => {
    if (!frameFromArrow) throw new Error("the Arrow codec is not loaded yet (frameDecodersReady)");
    return frameFromArrow(bytes);
  },
  json: (bytes: Uint8Array) => frameFromJSON(utf8.decode(bytes)),
} as const;

/** Responses by refId, in the order the plugin sent them. */
export function queryDataResponseFromProto(wire: WireQueryDataResponse): Map<string, DataResponse> {
  const out = new Map<string, DataResponse>();
  for (const [refId, response] of Object.entries(wire.responses ?? {})) {
    out.set(refId, dataResponseFromProto(response));
  }
  return out;
}

export function dataResponseFromProto(wire: WireDataResponse): DataResponse {
  const error = wire.error ? { error: wire.error } : {};
  const source = errorSourceFromProto(wire.errorSource);
  const base = { status: wire.status ?? 0, ...error, ...(source ? { errorSource: source } : {}) };
  try {
    const decode = decoders[frameFormatFromProto(wire.format ?? 0)];
    const frames = (wire.frames ?? []).map((bytes, i) => decodeFrame(decode, bytes, i));
    return { ...base, frames };
  } catch (thrown) {
    const reason = toShimError(thrown, ErrorCode.Internal).message;
    const message = wire.error ? `${wire.error}; ${reason}` : reason;
    return { frames: [], status: 500, error: message, errorSource: "plugin" };
  }
}

function decodeFrame(
  decode: (bytes: Uint8Array) => Frame,
  bytes: Uint8Array | readonly number[],
  index: number,
): Frame {
  try {
    return decode(wireBytes(bytes));
  } catch (thrown) {
    throw new ShimError(
      ErrorCode.Internal,
      `frame ${index} from the plugin does not decode: ${toShimError(thrown).message}`,
    );
  }
}

/** Only the two sources Grafana knows; anything else is not an error source. */
function errorSourceFromProto(source: string | undefined): ErrorSource | undefined {
  return source === "plugin" || source === "downstream" ? source : undefined;
}

const healthStatuses: Readonly<Record<number, HealthResult["status"]>> = {
  [HealthStatus.OK]: "ok",
  [HealthStatus.ERROR]: "error",
};

/** `jsonDetails` that are not JSON are kept as their text. */
export function healthFromProto(wire: WireCheckHealthResponse): HealthResult {
  const details = wireBytes(wire.jsonDetails);
  const result = {
    status: healthStatuses[wire.status ?? 0] ?? "unknown",
    message: wire.message ?? "",
  };
  if (details.length === 0) return result;
  const text = utf8.decode(details);
  try {
    return { ...result, details: JSON.parse(text) };
  } catch {
    return { ...result, details: text };
  }
}
