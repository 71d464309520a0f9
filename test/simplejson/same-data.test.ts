/**
 * The same Simple JSON data through every way Grafana reaches the shim: protocol 1 from
 * host-v101 (Grafana 6.5-7) and host-2018 (Grafana 5.2-6.1), protocol 2 from host-v2 as
 * Grafana 7 (-versions 1,2 with GF_VERSION) and as Grafana 8+ (-versions 2, Arrow and JSON
 * frames), and the HTTP gateway's /api/tsdb/query and /api/ds/query. Both server dialects;
 * series, tables, search and annotations; plus health and resources where the route has them.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { post, type RunningGateway, startGateway } from "../http/gateway.js";
import { startClassicServer } from "../simple-json-servers/classic.js";
import type { RunningServer } from "../simple-json-servers/serve.js";
import { startSimpodServer } from "../simple-json-servers/simpod.js";
import { type Json, runHost, shim, tempDir, v1Request, v2Request } from "./hosts.js";
import { type Data, fromDs, fromTsdb, fromV1, fromV2 } from "./normalize.js";

const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;

const classicQueries: Json[] = [
  { refId: "A", target: "upper_25", type: "timeserie" },
  { refId: "B", target: "upper_50", type: "table" },
  { refId: "C", queryType: "search", target: "map" },
  {
    refId: "D",
    queryType: "annotations",
    annotation: { name: "deploys", query: "#deploy", enable: true },
  },
  { refId: "E", target: 42 },
];
const simpodQueries: Json[] = [
  { refId: "A", target: "packets", payload: { directions: ["in", "out"] } },
  { refId: "B", target: "table" },
];

let classic: RunningServer;
let simpod: RunningServer;
let gateway: RunningGateway;
/** Per route name: the normalised answers of the classic and simPod requests. */
const answers = new Map<string, [Record<string, Data>, Record<string, Data>]>();

const v1 = () => [
  v1Request(classic.url, fromMs, toMs, classicQueries),
  v1Request(simpod.url, fromMs, toMs, simpodQueries),
];
const v2 = () => [
  v2Request(classic.url, "sj-classic", fromMs, toMs, classicQueries),
  v2Request(simpod.url, "sj-simpod", fromMs, toMs, simpodQueries),
];
const env = cleanEnv({ GRAFANA_SHIM_LOG_LEVEL: "debug" });

before(async () => {
  [classic, simpod] = await Promise.all([startClassicServer(), startSimpodServer()]);
  const dir = tempDir("sj-gw-");
  const yaml = join(dir, "datasources.yaml");
  writeFileSync(
    yaml,
    `apiVersion: 1\ndatasources:\n  - {name: Classic, uid: sj-classic, id: 1, type: grafana-simple-json-backend-datasource, url: "${classic.url}", isDefault: true}\n  - {name: SimPod, uid: sj-simpod, id: 2, type: grafana-simple-json-backend-datasource, url: "${simpod.url}"}\n`,
  );
  gateway = await startGateway(["--handler", "simplejson", "--datasources", yaml]);
});

after(async () => {
  await gateway?.stop();
  await Promise.all([classic?.close(), simpod?.close()]);
});

function pair(
  results: Json[],
  read: (r: Json) => Record<string, Data>,
): [Record<string, Data>, Record<string, Data>] {
  return [read(results[0] as Json), read(results[1] as Json)];
}

describe("every route answers", () => {
  for (const host of ["host-v101", "host-2018"]) {
    test(`${host}: protocol 1`, async () => {
      const report = await runHost(host, shim, v1(), [], env);
      if (host === "host-v101") assert.equal(report.negotiatedVersion, 1);
      answers.set(
        host,
        pair(report.results, (r) => fromV1(r.response)),
      );
    });
  }

  const v2Modes: [string, string[]][] = [
    [
      "host-v2 as Grafana 7 (1,2 + GF_VERSION)",
      ["-versions", "1,2", "-gf-version", "7.5.17", "-check-health"],
    ],
    ["host-v2 as Grafana 8+", ["-versions", "2", "-check-health"]],
    ["host-v2 as Grafana 8+, JSON frames", ["-versions", "2", "-format", "json"]],
  ];
  for (const [name, args] of v2Modes) {
    test(`${name}: protocol 2`, async () => {
      const report = await runHost("host-v2", shim, v2(), args, env);
      assert.equal(report.negotiatedVersion, 2);
      for (const result of report.results) assert.equal(result.decodeError, undefined);
      answers.set(name, pair(report.results, fromV2));
      if (args.includes("-check-health")) {
        assert.deepEqual(
          report.checkHealth.map((h: Json) => [h.status, h.message]),
          [
            ["OK", "Data source is working"],
            ["OK", "Data source is working"],
          ],
        );
      }
      const errorE = report.results[0].response.E;
      assert.equal(errorE.errorSource, "plugin");
      assert.equal(errorE.status, 400);
    });
  }

  test("HTTP gateway: /api/tsdb/query and /api/ds/query", async () => {
    const body = (uid: string, id: number, queries: Json[], route: "tsdb" | "ds") => ({
      from: String(fromMs),
      to: String(toMs),
      queries: queries.map((q) => ({
        ...q,
        maxDataPoints: 100,
        intervalMs: 60_000,
        ...(route === "tsdb" ? { datasourceId: id } : { datasource: { uid } }),
      })),
    });
    const tsdb = await Promise.all([
      post(`${gateway.url}/api/tsdb/query`, body("sj-classic", 1, classicQueries, "tsdb")),
      post(`${gateway.url}/api/tsdb/query`, body("sj-simpod", 2, simpodQueries, "tsdb")),
    ]);
    const ds = await Promise.all([
      post(`${gateway.url}/api/ds/query`, body("sj-classic", 1, classicQueries, "ds")),
      post(`${gateway.url}/api/ds/query`, body("sj-simpod", 2, simpodQueries, "ds")),
    ]);
    answers.set(
      "gateway /api/tsdb/query",
      pair(
        tsdb.map((a) => JSON.parse(a.text)),
        fromTsdb,
      ),
    );
    answers.set(
      "gateway /api/ds/query",
      pair(
        ds.map((a) => JSON.parse(a.text)),
        fromDs,
      ),
    );
    const health = await fetch(`${gateway.url}/api/datasources/uid/sj-classic/health`);
    assert.equal(((await health.json()) as Json).status, "OK");
    const variable = await post(`${gateway.url}/api/datasources/uid/sj-simpod/resources/variable`, {
      payload: { target: "systems" },
    });
    assert.equal(variable.status, 200);
    assert.deepEqual(JSON.parse(variable.text)[1], { __text: "Label 2", __value: "Value2" });
  });
});

describe("the same data everywhere", () => {
  test("every route gives what protocol 1 gives", () => {
    const reference = answers.get("host-v101");
    assert.ok(reference, "protocol 1 answered");
    assert.ok(answers.size >= 7, `all routes answered: ${[...answers.keys()].join(", ")}`);
    for (const [name, got] of answers) {
      for (const i of [0, 1] as const) {
        const mine: Record<string, Data> = reference[i];
        for (const [refId, data] of Object.entries(mine)) {
          const other: Data | undefined = got[i]?.[refId];
          assert.ok(other, `${name}: request ${i} ${refId} answered`);
          assert.deepEqual(
            { ...other, error: other.error ? "error" : undefined },
            { ...data, error: data.error ? "error" : undefined },
            `${name}: request ${i} ${refId}`,
          );
        }
      }
    }
  });

  test("the data is the servers' data: fractions, nulls, several series per target, tables, search, annotations", () => {
    const [c, s] = answers.get("host-v2 as Grafana 8+") ?? [{}, {}];
    const series = c.A?.series[0];
    assert.equal(series?.name, "upper_25");
    assert.ok(series?.points.some((p) => p[0] === null));
    assert.ok(series?.points.some((p) => p[0] !== null && !Number.isInteger(p[0])));
    assert.deepEqual(
      c.B?.tables[0]?.rows.map((r) => r.slice(1)),
      [
        ["SE", 123.25],
        ["DE", null],
        ["US", -321.5],
      ],
    );
    assert.deepEqual(c.C?.tables[0]?.columns, ["text", "value"]);
    assert.deepEqual(c.D?.tables[0]?.columns, ["time", "title", "text", "tags"]);
    assert.match(c.E?.error ?? "", /target must be a string/);
    assert.deepEqual(
      s.A?.series.map((x) => x.name),
      ["packets in", "packets out"],
    );
    assert.deepEqual(s.B?.tables[0], {
      columns: ["Host", "Load", "Up"],
      rows: [
        ["a", 0.25, true],
        ["b", 1.5, false],
      ],
    });
  });
});
