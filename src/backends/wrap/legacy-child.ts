/**
 * The wrap handler for a protocol-1 plugin: a legacy-style handler, so the shim
 * serves its series and tables over protocol 1 as they are, and as frames over
 * protocol 2 and /api/ds/query.
 */
import { ErrorCode, ShimError } from "../../errors.js";
import { RequestBatches } from "../../handler/request-batches.js";
import type {
  HealthResult,
  LegacyAnswer,
  LegacyHandler,
  LegacyQueryContext,
} from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { ExchangeRecorder } from "../../model/exchange.js";
import type { LegacyQuery, LegacyRequest, LegacyResult, TimeRange } from "../../model/legacy.js";
import { finishBeforeExit } from "../../pending-work.js";
import { callError } from "./call-error.js";
import { matchResults, queryIndex } from "./match-results.js";
import type { PluginSupervisor } from "./supervisor.js";

export interface ChildDeps {
  readonly name: string;
  readonly supervisor: (log: Logger) => PluginSupervisor;
  readonly recorder: () => Promise<ExchangeRecorder | undefined>;
}

/** Queries with another time range (possible from protocol 2) make their own call. */
function rangeKey(t: TimeRange): string {
  return `${t.fromMs}|${t.toMs}|${t.fromRaw}|${t.toRaw}`;
}

async function send(deps: ChildDeps, request: LegacyRequest, ctx: LegacyQueryContext) {
  const supervisor = deps.supervisor(ctx.log);
  const client = await supervisor.acquire(ctx.signal);
  const outcome = await client.queryLegacy(request, ctx.signal);
  finishBeforeExit(deps.recorder().then((r) => r?.record({ protocol: "v1", request, outcome })));
  if (!outcome.ok) throw await callError(client, outcome.failure);
  supervisor.markHealthy();
  return outcome.value;
}

function answerOf(
  results: readonly LegacyResult[],
  request: LegacyRequest,
  query: LegacyQuery,
  log: Logger,
): LegacyAnswer {
  const { answers, unmatched } = matchResults(request.queries, results);
  if (unmatched.length > 0) {
    log.warn("the wrapped plugin answered refIds that no query has", {
      refIds: unmatched.map((r) => r.refId),
    });
  }
  // Grafana showed nothing for a query the plugin did not answer.
  return answers[queryIndex(request.queries, query)] ?? { refId: query.refId };
}

export function legacyChildHandler(deps: ChildDeps): LegacyHandler {
  const batches = new RequestBatches<readonly LegacyResult[]>();
  return {
    style: "legacy",
    name: deps.name,
    async query(query, ctx) {
      const request = ctx.request;
      const key = request.queries[0]?.model ?? request;
      const results = await batches.once(key, rangeKey(request.timeRange), () =>
        send(deps, request, ctx),
      );
      return answerOf(results, request, query, ctx.log);
    },
    async checkHealth(ctx): Promise<HealthResult> {
      const client = await deps.supervisor(ctx.log).acquire(ctx.signal);
      const ping = await client.ping();
      if (!ping.ok)
        throw new ShimError(
          ErrorCode.Unavailable,
          `ping failed: ${ping.failure.code}: ${ping.failure.message}`,
        );
      return {
        status: "ok",
        message: `the wrapped protocol-1 plugin ${client.path} is serving (pid ${client.pid})`,
      };
    },
  };
}
