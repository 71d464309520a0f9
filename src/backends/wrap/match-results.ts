/**
 * Which result answers which query. Grafana keyed a plugin's results by the
 * refId they carry; a plugin may rename them, so when there is one result per
 * query they are taken in order, otherwise matched by refId.
 */
import type { LegacyQuery, LegacyResult } from "../../model/legacy.js";

export interface Matched {
  readonly answers: readonly (LegacyResult | undefined)[];
  /** Results no query took. */
  readonly unmatched: readonly LegacyResult[];
}

export function matchResults(
  queries: readonly LegacyQuery[],
  results: readonly LegacyResult[],
): Matched {
  if (results.length === queries.length) return { answers: [...results], unmatched: [] };
  const left = [...results];
  const answers = queries.map((q) => {
    const at = left.findIndex((r) => r.refId === q.refId);
    return at < 0 ? undefined : left.splice(at, 1)[0];
  });
  return { answers, unmatched: left };
}

/** Where a query stands in its request: the same object, or the same model object. */
export function queryIndex(queries: readonly LegacyQuery[], query: LegacyQuery): number {
  const same = queries.indexOf(query);
  if (same >= 0) return same;
  const byModel = queries.findIndex((q) => q.model === query.model);
  return byModel >= 0 ? byModel : queries.findIndex((q) => q.refId === query.refId);
}
