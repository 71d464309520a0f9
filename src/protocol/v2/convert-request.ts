/** `pluginv2.QueryDataRequest` into the model's DataRequest. */
import { ErrorCode, ShimError, toShimError } from "../../errors.js";
import type { DataQuery, DataRequest, FrameFormat } from "../../model/data.js";
import { int64ToCount, int64ToNumber } from "../grpc/int64.js";
import { jsonBytes, pluginContextFromProto } from "./convert-context.js";
import {
  type WireDataQuery,
  FrameFormat as WireFormat,
  type WireQueryDataRequest,
} from "./wire.js";

export interface RejectedQuery {
  readonly refId: string;
  readonly error: ShimError;
}

export interface ConvertedDataRequest {
  /** Only the queries that converted cleanly. */
  readonly request: DataRequest;
  readonly rejected: readonly RejectedQuery[];
}

const formats: Record<number, FrameFormat> = {
  [WireFormat.ARROW]: "arrow",
  [WireFormat.JSON]: "json",
};

export function frameFormatFromProto(format: number): FrameFormat {
  const known = formats[format];
  if (!known)
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `unknown frame format ${format} (known: 0 arrow, 1 json)`,
    );
  return known;
}

export function frameFormatToProto(format: FrameFormat): number {
  return format === "json" ? WireFormat.JSON : WireFormat.ARROW;
}

export function dataRequestFromProto(wire: WireQueryDataRequest): ConvertedDataRequest {
  const base = { headers: { ...wire.headers }, format: "arrow" as FrameFormat };
  try {
    const pluginContext = pluginContextFromProto(wire.pluginContext);
    const format = frameFormatFromProto(wire.format);
    const queries: DataQuery[] = [];
    const rejected: RejectedQuery[] = [];
    for (const q of wire.queries) {
      try {
        queries.push(dataQueryFromProto(q));
      } catch (thrown) {
        rejected.push({ refId: q.refId, error: toShimError(thrown, ErrorCode.InvalidArgument) });
      }
    }
    return { request: { ...base, pluginContext, format, queries }, rejected };
  } catch (thrown) {
    // A request-wide problem (settings, format) fails each query with the same message.
    const error = toShimError(thrown, ErrorCode.InvalidArgument);
    const request = { ...base, pluginContext: pluginContextFromProto(null), queries: [] };
    return { request, rejected: wire.queries.map((q) => ({ refId: q.refId, error })) };
  }
}

function dataQueryFromProto(wire: WireDataQuery): DataQuery {
  return {
    refId: wire.refId,
    queryType: wire.queryType,
    maxDataPoints: int64ToCount(wire.maxDataPoints, "maxDataPoints"),
    intervalMs: int64ToCount(wire.intervalMS, "intervalMS"),
    timeRange: {
      fromMs: wire.timeRange
        ? int64ToNumber(wire.timeRange.fromEpochMS, "timeRange.fromEpochMS")
        : 0,
      toMs: wire.timeRange ? int64ToNumber(wire.timeRange.toEpochMS, "timeRange.toEpochMS") : 0,
    },
    json: jsonBytes(wire.json, "query JSON"),
  };
}
