/** A recorded exchange as a fixture: forms of request and response, secrets redacted. */
import type { Exchange } from "./exchange.js";
import type { Fixture } from "./fixture-schema.js";
import { legacyOutcomeToForm, legacyRequestToForm } from "./forms/v1-form.js";
import { dataOutcomeToForm, dataRequestToForm } from "./forms/v2-form.js";
import { redactExchange } from "./redact.js";

export interface FixtureMeta {
  readonly peer: string;
  readonly via?: string;
  /** The short note; a default one names the protocol, peer and refIds. */
  readonly comment?: string;
  readonly volatile?: readonly string[];
  readonly at: Date;
}

function forms(exchange: Exchange): { request: unknown; response: unknown } {
  switch (exchange.protocol) {
    case "v1":
      return {
        request: legacyRequestToForm(exchange.request),
        response: legacyOutcomeToForm(exchange.outcome),
      };
    case "v2":
      return {
        request: dataRequestToForm(exchange.request),
        response: dataOutcomeToForm(exchange.outcome),
      };
    default:
      return {
        request: { method: "POST", ...exchange.request },
        response: { ...exchange.response },
      };
  }
}

export function refIdsOf(exchange: Exchange): string[] {
  if (exchange.protocol === "v1" || exchange.protocol === "v2")
    return exchange.request.queries.map((q) => q.refId);
  const queries = (exchange.request.body as { queries?: { refId?: unknown }[] } | null)?.queries;
  return Array.isArray(queries) ? queries.map((q) => String(q?.refId ?? "A")) : [];
}

export function exchangeToFixture(exchange: Exchange, meta: FixtureMeta): Fixture {
  const plain = forms(exchange);
  const { request, response } = redactExchange(plain.request, plain.response);
  const refIds = refIdsOf(exchange);
  const comment =
    meta.comment ??
    `${exchange.protocol} exchange with ${meta.peer}, queries ${refIds.join(", ") || "(none)"}`;
  return {
    comment,
    protocol: exchange.protocol,
    source: { peer: meta.peer, ...(meta.via ? { via: meta.via } : {}) },
    recordedAt: meta.at.toISOString(),
    volatile: [...(meta.volatile ?? [])],
    request,
    response,
  } as Fixture;
}
