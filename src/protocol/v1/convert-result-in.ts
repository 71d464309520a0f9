/**
 * Protocol-1 `models.DatasourceResponse` into legacy results: the client side,
 * reading what a protocol-1 plugin executable answered. Each cell keeps its
 * kind as a JavaScript type (double → number, int64 → bigint, bytes → Uint8Array),
 * so the answer goes out again exactly as the plugin gave it.
 */
import { ErrorCode, messageOf, ShimError } from "../../errors.js";
import type { Cell, LegacyResult, Point, Series, Table } from "../../model/legacy.js";
import { wireBytes } from "../grpc/bytes.js";
import { int64ToBigInt, int64ToNumber } from "../grpc/int64.js";
import type {
  WireDatasourceResponse,
  WireQueryResult,
  WireRowValue,
  WireTable,
  WireTimeSeries,
} from "./wire.js";

/** Called for what Grafana would drop with a log line (unparsable meta). */
export type ResultWarning = (message: string, refId: string) => void;

export function legacyResponseFromProto(
  wire: WireDatasourceResponse,
  warn: ResultWarning = () => undefined,
): LegacyResult[] {
  return (wire.results ?? []).map((result) => queryResultFromProto(result, warn));
}

/** Throws a ShimError for a cell kind Grafana cannot read (it fails the whole request). */
export function queryResultFromProto(
  wire: WireQueryResult,
  warn: ResultWarning = () => undefined,
): LegacyResult {
  const refId = wire.refId ?? "";
  const meta = metaFromProto(wire.metaJson ?? "", refId, warn);
  return {
    refId,
    ...(wire.error ? { error: wire.error } : {}),
    ...(meta === undefined ? {} : { meta }),
    series: (wire.series ?? []).map(seriesFromProto),
    tables: (wire.tables ?? []).map(tableFromProto),
  };
}

function metaFromProto(text: string, refId: string, warn: ResultWarning): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (thrown) {
    // Grafana >= 5.2 drops meta it cannot parse, with a log line.
    warn(`metaJson is not JSON and is dropped: ${messageOf(thrown)}`, refId);
    return undefined;
  }
}

function seriesFromProto(wire: WireTimeSeries): Series {
  const points = (wire.points ?? []).map(
    (p, i): Point => [p.value ?? 0, int64ToNumber(p.timestamp ?? 0, `points[${i}].timestamp`)],
  );
  const tags = wire.tags ?? {};
  return Object.keys(tags).length > 0
    ? { name: wire.name ?? "", tags: { ...tags }, points }
    : { name: wire.name ?? "", points };
}

/** One decoder per RowValue kind (docs/protocol.md#protocol-1-messages). */
const cellDecoders: Readonly<Record<number, (v: WireRowValue) => Cell>> = {
  0: () => null,
  1: (v) => v.doubleValue ?? 0,
  2: (v) => int64ToBigInt(v.int64Value ?? 0),
  3: (v) => v.boolValue ?? false,
  4: (v) => v.stringValue ?? "",
  5: (v) => wireBytes(v.bytesValue),
};

function tableFromProto(wire: WireTable): Table {
  return {
    columns: (wire.columns ?? []).map((c) => ({ text: c.name ?? "" })),
    rows: (wire.rows ?? []).map((row) => (row.values ?? []).map(cellFromProto)),
  };
}

function cellFromProto(value: WireRowValue): Cell {
  const decode = cellDecoders[value.kind ?? 0];
  if (!decode) {
    // Grafana's own words: it fails the whole HTTP request with them.
    throw new ShimError(ErrorCode.Internal, `Unsupported row value ${value.kind} from plugin`);
  }
  return decode(value);
}
