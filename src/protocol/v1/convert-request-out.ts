/**
 * The legacy model into protocol-1 `models.DatasourceRequest`: the client side,
 * for calling a protocol-1 plugin executable as Grafana 5-7 did.
 */
import type { LegacyRequest } from "../../model/legacy.js";
import { wellFormed } from "../../well-formed.js";
import type { WireDatasourceRequest } from "./wire.js";

export function legacyRequestToProto(request: LegacyRequest): WireDatasourceRequest {
  const { timeRange, datasource } = request;
  return {
    timeRange: {
      fromRaw: wellFormed(timeRange.fromRaw),
      toRaw: wellFormed(timeRange.toRaw),
      fromEpochMs: Math.trunc(timeRange.fromMs),
      toEpochMs: Math.trunc(timeRange.toMs),
    },
    datasource: {
      id: datasource.id,
      orgId: datasource.orgId,
      name: wellFormed(datasource.name),
      type: wellFormed(datasource.type),
      url: wellFormed(datasource.url),
      // Grafana sends the stored jsonData as its JSON text, "{}" when empty.
      jsonData: JSON.stringify(datasource.jsonData),
      decryptedSecureJsonData: { ...datasource.decryptedSecureJsonData },
    },
    queries: request.queries.map((q) => ({
      refId: wellFormed(q.refId),
      maxDataPoints: q.maxDataPoints,
      intervalMs: q.intervalMs,
      modelJson: JSON.stringify(q.model),
    })),
  };
}
