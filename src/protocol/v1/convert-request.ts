/** Protocol-1 requests (`models.DatasourceRequest`) into the legacy model. */
import { ErrorCode, type ShimError, toShimError } from "../../errors.js";
import { jsonObject } from "../../json-object.js";
import type { DatasourceInfo, LegacyQuery, LegacyRequest, TimeRange } from "../../model/legacy.js";
import { int64ToCount, int64ToNumber } from "../grpc/int64.js";
import type {
  WireDatasourceInfo,
  WireDatasourceRequest,
  WireQuery,
  WireTimeRange,
} from "./wire.js";

/** A query the shim answers with an error without calling the handler. */
export interface RejectedQuery {
  readonly index: number;
  readonly refId: string;
  readonly error: ShimError;
}

export interface ConvertedRequest {
  /** Only the queries that converted cleanly. */
  readonly request: LegacyRequest;
  readonly rejected: readonly RejectedQuery[];
}

export function legacyRequestFromProto(wire: WireDatasourceRequest): ConvertedRequest {
  const timeRange = timeRangeFromProto(wire.timeRange);
  let datasource: DatasourceInfo;
  try {
    datasource = datasourceFromProto(wire.datasource);
  } catch (thrown) {
    const error = toShimError(thrown, ErrorCode.InvalidArgument);
    const rejected = wire.queries.map((q, index) => ({ index, refId: q.refId, error }));
    return { request: { timeRange, datasource: emptyDatasource, queries: [] }, rejected };
  }
  const queries: LegacyQuery[] = [];
  const rejected: RejectedQuery[] = [];
  wire.queries.forEach((q, index) => {
    try {
      queries.push(queryFromProto(q));
    } catch (thrown) {
      rejected.push({
        index,
        refId: q.refId,
        error: toShimError(thrown, ErrorCode.InvalidArgument),
      });
    }
  });
  return { request: { timeRange, datasource, queries }, rejected };
}

function timeRangeFromProto(wire: WireTimeRange | null | undefined): TimeRange {
  if (!wire) return { fromRaw: "", toRaw: "", fromMs: 0, toMs: 0 };
  return {
    fromRaw: wire.fromRaw,
    toRaw: wire.toRaw,
    fromMs: int64ToNumber(wire.fromEpochMs, "timeRange.fromEpochMs"),
    toMs: int64ToNumber(wire.toEpochMs, "timeRange.toEpochMs"),
  };
}

const emptyDatasource: DatasourceInfo = {
  id: 0,
  orgId: 0,
  name: "",
  type: "",
  url: "",
  jsonData: {},
  decryptedSecureJsonData: {},
};

function datasourceFromProto(wire: WireDatasourceInfo | null | undefined): DatasourceInfo {
  if (!wire) return emptyDatasource;
  return {
    id: int64ToNumber(wire.id, "datasource.id"),
    orgId: int64ToNumber(wire.orgId, "datasource.orgId"),
    name: wire.name,
    type: wire.type,
    url: wire.url,
    jsonData: wire.jsonData === "" ? {} : jsonObject(wire.jsonData, "datasource jsonData"),
    decryptedSecureJsonData: { ...wire.decryptedSecureJsonData },
  };
}

function queryFromProto(wire: WireQuery): LegacyQuery {
  return {
    refId: wire.refId,
    maxDataPoints: int64ToCount(wire.maxDataPoints, "maxDataPoints"),
    intervalMs: int64ToCount(wire.intervalMs, "intervalMs"),
    model: wire.modelJson === "" ? {} : jsonObject(wire.modelJson, "query model"),
  };
}
