/**
 * Live mode's channel paths: `simplejson/<query>/<series>/<since>`. The query is kept in a
 * bounded registry under a short hash (a Grafana Live path cannot carry a whole query model);
 * the series is a hash of its name and tags; `since` is the query's end, so only newer points
 * are pushed. A path unknown to this process (e.g. after a restart) answers NOT_FOUND.
 */
import { createHash } from "node:crypto";
import type { DataQuery } from "../../model/data.js";
import type { Series } from "../../model/legacy.js";

export interface LiveQuery {
  readonly query: DataQuery;
  readonly datasourceUid: string;
}

export interface LivePath {
  readonly queryKey: string;
  readonly seriesKey: string;
  readonly sinceMs: number;
}

const registry = new Map<string, LiveQuery>();
const maxQueries = 1000;

/** Registers the query and gives the `meta.channel` of one of its series. */
export function channelOf(live: LiveQuery, series: Series): string {
  const queryKey = hash([
    live.datasourceUid,
    live.query.json,
    live.query.intervalMs,
    live.query.maxDataPoints,
    live.query.refId,
  ]);
  registry.delete(queryKey);
  registry.set(queryKey, live);
  if (registry.size > maxQueries) registry.delete(registry.keys().next().value as string);
  const path = `simplejson/${queryKey}/${seriesKeyOf(series)}/${live.query.timeRange.toMs}`;
  return `ds/${live.datasourceUid}/${path}`;
}

export function seriesKeyOf(series: Pick<Series, "name" | "tags">): string {
  return hash([series.name, Object.entries(series.tags ?? {}).sort()]);
}

export function parseLivePath(path: string): LivePath | undefined {
  const match = /^simplejson\/([A-Za-z0-9_-]{16})\/([A-Za-z0-9_-]{16})\/(\d{1,16})$/.exec(path);
  if (!match) return undefined;
  return { queryKey: match[1] as string, seriesKey: match[2] as string, sinceMs: Number(match[3]) };
}

export function liveQueryOf(queryKey: string): LiveQuery | undefined {
  return registry.get(queryKey);
}

function hash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 16);
}
