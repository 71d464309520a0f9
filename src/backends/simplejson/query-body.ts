/**
 * The bodies the Simple JSON server receives, built from one query: /query with Grafana's
 * whole query options (classic and simPod keys both present), /search and /annotations.
 */
import { ErrorCode, ShimError } from "../../errors.js";
import { isPlainObject } from "../../json-object.js";
import type { DataQuery } from "../../model/data.js";

type Json = Record<string, unknown>;

/** What the query model asks for. */
export type QueryKind = "query" | "search" | "annotations";

export function queryKindOf(query: DataQuery): QueryKind {
  const kind = query.queryType || stringOr(query.json.queryType, "");
  if (kind === "search" || kind === "annotations") return kind;
  if (isPlainObject(query.json.annotation)) return "annotations";
  return "query";
}

/** The target text, or undefined for an empty or placeholder query (answered with no data). */
export function targetOf(query: DataQuery): string | undefined {
  const target = query.json.target;
  if (target === undefined || target === null || target === "" || target === "select metric") {
    return undefined;
  }
  if (typeof target !== "string") throw targetError(query, target);
  return target;
}

export function targetError(query: DataQuery, target: unknown): ShimError {
  const text = JSON.stringify(target)?.slice(0, 80) ?? typeof target;
  return new ShimError(
    ErrorCode.InvalidArgument,
    `query ${query.refId}: target must be a string, not ${text}`,
  );
}

/** `POST /query`: one target per call, so every result belongs to this query's refId. */
export function queryBody(query: DataQuery, target: string): Json {
  const model = query.json;
  const payload = model.payload ?? model.data;
  const filters = model.adhocFilters ?? model.filters;
  const body: Json = {
    ...(model.panelId !== undefined ? { panelId: model.panelId } : {}),
    ...rangeOf(query),
    interval: intervalText(query.intervalMs),
    intervalMs: query.intervalMs,
    maxDataPoints: query.maxDataPoints,
    targets: [
      {
        ...model,
        target,
        refId: query.refId,
        type: stringOr(model.type, "timeserie"),
        ...(payload !== undefined ? { payload, data: payload } : {}),
      },
    ],
    ...(Array.isArray(filters) ? { adhocFilters: filters, filters } : {}),
    ...(isPlainObject(model.scopedVars) ? { scopedVars: model.scopedVars } : {}),
    format: "json",
  };
  return body;
}

/** `POST /search` as the old plugin sent it: `{target}`. */
export function searchBody(target: string): Json {
  return { target };
}

/** `POST /annotations` as the Simple JSON frontend sent it. */
export function annotationsBody(query: DataQuery): Json {
  const model = query.json;
  const given = isPlainObject(model.annotation) ? model.annotation : {};
  const annotation = {
    name: stringOr(given.name, stringOr(model.name, query.refId)),
    datasource: given.datasource ?? model.datasource ?? null,
    enable: given.enable ?? true,
    iconColor: given.iconColor ?? model.iconColor ?? null,
    query: stringOr(given.query, stringOr(model.query, stringOr(model.target, ""))),
  };
  return { ...rangeOf(query), annotation };
}

/** ISO times as the frontend sent them; the raw range when the model has one, else epoch-ms text. */
function rangeOf(query: DataQuery): Json {
  const { fromMs, toMs } = query.timeRange;
  const given = isPlainObject(query.json.rangeRaw) ? query.json.rangeRaw : undefined;
  const raw = given ?? { from: String(fromMs), to: String(toMs) };
  return { range: { from: iso(fromMs), to: iso(toMs), raw }, rangeRaw: raw };
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

/** Grafana's interval text: 100ms, 30s, 5m, 1h, 1d. */
export function intervalText(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "m"],
    [1000, "s"],
  ];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}
