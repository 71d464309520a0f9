/** A recorded exchange as a fixture: forms of request and response, secrets redacted. */

import { datasourceSecrets, headerSecrets, type Secrets } from "../secrets.js";
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

/** The secrets an exchange's request holds beyond what its keys name: datasource URL passwords, Basic pairs, forwarded credentials. */
function knownSecrets(exchange: Exchange): Secrets {
  switch (exchange.protocol) {
    case "v1":
      return datasourceSecrets(exchange.request.datasource);
    case "v2":
      return datasourceSecrets(exchange.request.pluginContext.datasource).with(
        headerSecrets(exchange.request.headers),
      );
    default:
      return headerSecrets(exchange.request.headers);
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
  const { request, response } = redactExchange(
    plain.request,
    plain.response,
    knownSecrets(exchange),
  );
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
