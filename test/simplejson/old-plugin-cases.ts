/**
 * Dashboard requests as Grafana 6 gave them to simple-json-backend-datasource (models as its
 * frontend built them, datasourceId included, which also picks the gateway's datasource), and
 * the fixture of what the old plugin sent to the Simple JSON server for each of them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReceivedRequest } from "../simple-json-servers/old-plugin-server.js";
import { type Json, root } from "./hosts.js";

export interface GrafanaRequest {
  readonly timeRange: {
    readonly fromRaw: string;
    readonly toRaw: string;
    readonly fromEpochMs: number;
    readonly toEpochMs: number;
  };
  readonly queries: readonly {
    readonly refId: string;
    readonly intervalMs: number;
    readonly maxDataPoints: number;
    readonly model: Json;
  }[];
}

export interface OldPluginCase {
  /** Also the path prefix of the case's datasource URL. */
  readonly name: string;
  readonly about: string;
  /** Its datasource id, which every model names as `datasourceId`. */
  readonly datasourceId: number;
  readonly grafana: GrafanaRequest;
}

export interface RecordedCase extends OldPluginCase {
  readonly received: readonly ReceivedRequest[];
}

export interface OldPluginFixture {
  readonly comment: string;
  readonly source: Json;
  readonly cases: readonly RecordedCase[];
}

export const fixtureFile = join(root, "test/fixtures/simplejson/old-plugin-requests.json");

export function readFixture(): OldPluginFixture {
  return JSON.parse(readFileSync(fixtureFile, "utf8")) as OldPluginFixture;
}

const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;
const dashboard = {
  fromRaw: String(fromMs),
  toRaw: String(toMs),
  fromEpochMs: fromMs,
  toEpochMs: toMs,
};
/** metricFindQuery posts no range: Grafana 6 reads the empty texts as epoch 0. */
const noRange = { fromRaw: "", toRaw: "", fromEpochMs: 0, toEpochMs: 0 };

/** A panel query as the old frontend's buildQueryParameters made it. */
const panel = (datasourceId: number, refId: string, target: string | undefined, type: string) => ({
  refId,
  intervalMs: 1000,
  maxDataPoints: 100,
  model: {
    queryType: "query",
    ...(target === undefined ? {} : { target }),
    refId,
    hide: false,
    type,
    datasourceId,
  },
});

/** A metricFindQuery: the query editor's metric list or a template variable. */
const search = (datasourceId: number, target: string) => ({
  refId: "A",
  intervalMs: 1000,
  maxDataPoints: 100,
  model: { target, datasourceId, queryType: "search" },
});

/** An alert rule's query: the saved panel target, the range as the rule's texts. */
const alert = (datasourceId: number, refId: string, target: string, extra: Json = {}) => ({
  refId,
  intervalMs: 15_000,
  maxDataPoints: 100,
  model: { refId, target, type: "timeserie", datasourceId, ...extra },
});

export const oldPluginCases: readonly OldPluginCase[] = [
  {
    name: "time-series",
    about: "one time series target of a dashboard panel",
    datasourceId: 101,
    grafana: { timeRange: dashboard, queries: [panel(101, "A", "upper_25", "timeserie")] },
  },
  {
    name: "table",
    about: "one table target",
    datasourceId: 102,
    grafana: { timeRange: dashboard, queries: [panel(102, "A", "upper_50", "table")] },
  },
  {
    name: "several-targets",
    about:
      "a panel with four queries: series, table, a target with characters JSON writers escape, and a new row without a target",
    datasourceId: 103,
    grafana: {
      timeRange: dashboard,
      queries: [
        panel(103, "A", "upper_25", "timeserie"),
        panel(103, "B", "upper_50", "table"),
        panel(103, "C", 'cpu{host="a&b"} <é> \u2028', "timeserie"),
        panel(103, "D", undefined, "timeserie"),
      ],
    },
  },
  {
    name: "same-target-twice",
    about: "two queries of one panel with the same target",
    datasourceId: 104,
    grafana: {
      timeRange: dashboard,
      queries: [panel(104, "A", "upper_75", "timeserie"), panel(104, "B", "upper_75", "timeserie")],
    },
  },
  {
    name: "search",
    about: "a template variable query (metricFindQuery posts no range)",
    datasourceId: 105,
    grafana: { timeRange: noRange, queries: [search(105, "upper_9")] },
  },
  {
    name: "search-empty",
    about: "the query editor's metric list: an empty target",
    datasourceId: 106,
    grafana: { timeRange: noRange, queries: [search(106, "")] },
  },
  {
    name: "alert-duration",
    about: "an alert rule over the last 5m: Grafana 6 alerting passes the rule's texts",
    datasourceId: 107,
    grafana: {
      timeRange: { fromRaw: "5m", toRaw: "now", fromEpochMs: toMs - 300_000, toEpochMs: toMs },
      queries: [alert(107, "A", "upper_25")],
    },
  },
  {
    name: "alert-datemath",
    about: "an alert rule over now-6h to now-1m on a hidden query",
    datasourceId: 108,
    grafana: {
      timeRange: {
        fromRaw: "now-6h",
        toRaw: "now-1m",
        fromEpochMs: toMs - 21_600_000,
        toEpochMs: toMs - 60_000,
      },
      queries: [alert(108, "B", "upper_90", { hide: true })],
    },
  },
];

/** A protocol-1 DatasourceRequest (proto JSON names) for a case's datasource URL. */
export function v1RequestOf(c: OldPluginCase, url: string, jsonData: Json = {}): Json {
  const t = c.grafana.timeRange;
  return {
    timeRange: {
      fromRaw: t.fromRaw,
      toRaw: t.toRaw,
      fromEpochMs: String(t.fromEpochMs),
      toEpochMs: String(t.toEpochMs),
    },
    datasource: {
      id: String(c.datasourceId),
      orgId: "1",
      name: `Simple JSON ${c.name}`,
      type: "grafana-simple-json-backend-datasource",
      url,
      jsonData: JSON.stringify(jsonData),
      decryptedSecureJsonData: {},
    },
    queries: c.grafana.queries.map((q) => ({
      refId: q.refId,
      maxDataPoints: String(q.maxDataPoints),
      intervalMs: String(q.intervalMs),
      modelJson: JSON.stringify(q.model),
    })),
  };
}

/** The same request as Grafana 7+ sends it over protocol 2 (epoch ms, no raw texts). */
export function v2RequestOf(c: OldPluginCase, url: string, jsonData: Json = {}): Json {
  const t = c.grafana.timeRange;
  return {
    pluginContext: {
      orgId: "1",
      pluginId: "grafana-simple-json-backend-datasource",
      dataSourceInstanceSettings: {
        id: String(c.datasourceId),
        uid: `sj-${c.name}`,
        name: `Simple JSON ${c.name}`,
        url,
        jsonData,
        decryptedSecureJsonData: {},
      },
    },
    queries: c.grafana.queries.map((q) => ({
      refId: q.refId,
      queryType: typeof q.model.queryType === "string" ? q.model.queryType : "",
      maxDataPoints: String(q.maxDataPoints),
      intervalMS: String(q.intervalMs),
      timeRange: { fromEpochMS: String(t.fromEpochMs), toEpochMS: String(t.toEpochMs) },
      json: q.model,
    })),
  };
}

/** The gateway's body: the models as posted, from/to as the texts (none for a search). */
export function gatewayBodyOf(c: OldPluginCase): Json {
  const t = c.grafana.timeRange;
  return {
    ...(t.fromRaw === "" ? {} : { from: t.fromRaw, to: t.toRaw }),
    queries: c.grafana.queries.map((q) => q.model),
  };
}

/** Provisioning YAML with one datasource per case, at its path prefix of `url`. */
export function datasourcesYaml(url: string, jsonData: Json): string {
  const items = oldPluginCases.map(
    (c) =>
      `  - {name: "${c.name}", uid: "sj-${c.name}", id: ${c.datasourceId}, type: grafana-simple-json-backend-datasource, url: "${url}/${c.name}", jsonData: ${JSON.stringify(jsonData)}}`,
  );
  return `apiVersion: 1\ndatasources:\n${items.join("\n")}\n`;
}
