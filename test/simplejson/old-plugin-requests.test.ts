/**
 * requestCompat "backend-1.0" against the old Go plugin's own requests: the fixture holds what
 * simple-json-backend-datasource 1.0, built from its source, sent to a recording Simple JSON
 * server for dashboard requests (series, tables, several targets, search, alert ranges). The
 * shim in that mode must make the server receive the same JSON through the Grafana 6 hosts
 * (the mode from jsonData and from grafana-shim.json), protocol 2 and the gateway, while its
 * answers keep their fixes. Without the mode the server gets the spec's requests.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { post, type RunningGateway, startGateway } from "../http/gateway.js";
import {
  type OldPluginServer,
  type ReceivedRequest as Received,
  startOldPluginServer,
} from "../simple-json-servers/old-plugin-server.js";
import { type Json, runHost, shim, tempDir } from "./hosts.js";
import { fromV1, fromV2 } from "./normalize.js";
import {
  datasourcesYaml,
  gatewayBodyOf,
  oldPluginCases,
  type RecordedCase,
  readFixture,
  v1RequestOf,
  v2RequestOf,
} from "./old-plugin-cases.js";

const fixture = readFixture();
const cases = fixture.cases;
const compat = { requestCompat: "backend-1.0" };
let server: OldPluginServer;

before(async () => {
  server = await startOldPluginServer();
});
after(async () => {
  await server.close();
});

/** What each case's server received, in a stable order (the shim may send calls in parallel). */
function receivedBy(list: readonly RecordedCase[]): Map<string, Received[]> {
  const byPath = (a: Received, b: Received) =>
    `${a.path}${JSON.stringify(a.body)}`.localeCompare(`${b.path}${JSON.stringify(b.body)}`);
  return new Map(list.map((c) => [c.name, [...server.received(c.name)].sort(byPath)]));
}

function expected(c: RecordedCase, change: (body: Json) => Json = (b) => b): Received[] {
  return c.received.map((r) => ({ ...r, body: change(r.body as Json) }));
}

function assertSameAsOldPlugin(list: readonly RecordedCase[], route: string): void {
  const got = receivedBy(list);
  for (const c of list) {
    assert.deepEqual(got.get(c.name), expected(c), `${route}: ${c.name} (${c.about})`);
  }
}

function assertNoErrors(report: Json): void {
  for (const [i, result] of report.results.entries()) {
    assert.ok(result.response, `${cases[i]?.name}: ${JSON.stringify(result)}`);
    for (const r of result.response.results ?? []) assert.equal(r.error ?? "", "", r.refId);
  }
}

describe("the server receives what the old plugin sent", () => {
  test("the fixture names its source, holds today's cases and covers every kind of request", () => {
    assert.match(String(fixture.source.commit), /^[0-9a-f]{40}$/);
    const recordedCases = cases.map(({ received: _received, ...c }) => c);
    assert.deepEqual(recordedCases, oldPluginCases, "cases changed: record the fixture again");
    const paths = cases.flatMap((c) => c.received.map((r) => r.path));
    assert.ok(paths.includes("/query") && paths.includes("/search"));
    const several = cases.find((c) => c.name === "several-targets");
    assert.equal(several?.received.length, 1, "several targets went in one call");
    assert.equal((several?.received[0]?.body as Json | undefined)?.targets.length, 4);
    const alert = cases.find((c) => c.name === "alert-duration");
    assert.deepEqual((alert?.received[0]?.body as Json | undefined)?.range, {
      from: "5m",
      to: "now",
    });
  });

  test("host-v101 (Grafana 6.5-7), jsonData.requestCompat", async () => {
    server.forget();
    const requests = cases.map((c) => v1RequestOf(c, server.urlOf(c.name), compat));
    const report = await runHost("host-v101", shim, requests, [], cleanEnv());
    assertNoErrors(report);
    assertSameAsOldPlugin(cases, "host-v101");
  });

  test("host-2018 (Grafana 5.2-6.1), the default of grafana-shim.json", async () => {
    server.forget();
    const config = join(tempDir("sj-compat-"), "grafana-shim.json");
    writeFileSync(
      config,
      `{\n  "simplejson": { "requestCompat": "backend-1.0" },\n  "handler": "simplejson"\n}\n`,
    );
    const requests = cases.map((c) => v1RequestOf(c, server.urlOf(c.name)));
    const report = await runHost(
      "host-2018",
      shim,
      requests,
      [],
      cleanEnv({ GRAFANA_SHIM_CONFIG: config }),
    );
    assertNoErrors(report);
    assertSameAsOldPlugin(cases, "host-2018");
  });

  test("host-v2 (Grafana 8+): the same, with epoch-ms texts where protocol 2 has no raw range", async () => {
    server.forget();
    const requests = cases.map((c) => v2RequestOf(c, server.urlOf(c.name), compat));
    const report = await runHost(
      "host-v2",
      shim,
      requests,
      ["-versions", "2", "-check-health"],
      cleanEnv(),
    );
    assert.equal(report.negotiatedVersion, 2);
    const got = receivedBy(cases);
    for (const c of cases) {
      const t = c.grafana.timeRange;
      const epoch = (body: Json) =>
        body.range
          ? { ...body, range: { from: String(t.fromEpochMs), to: String(t.toEpochMs) } }
          : body;
      assert.deepEqual(got.get(c.name), expected(c, epoch), `host-v2: ${c.name}`);
    }
    assert.match(
      report.checkHealth[0].message,
      /^Data source is working; it gets the old simple-json-backend-datasource's requests, requestCompat "backend-1.0" \(from jsonData\)$/,
    );
  });

  test("the gateway: /api/tsdb/query and /api/ds/query, health and /api/datasources", async () => {
    const yaml = join(tempDir("sj-compat-gw-"), "datasources.yaml");
    writeFileSync(yaml, datasourcesYaml(server.url, compat));
    const gateway: RunningGateway = await startGateway([
      "--handler",
      "simplejson",
      "--datasources",
      yaml,
    ]);
    try {
      for (const route of ["/api/tsdb/query", "/api/ds/query"]) {
        server.forget();
        for (const c of cases) {
          const answer = await post(`${gateway.url}${route}`, gatewayBodyOf(c));
          assert.equal(answer.status, 200, `${route} ${c.name}: ${answer.text}`);
        }
        assertSameAsOldPlugin(cases, route);
      }
      const list = (await (await fetch(`${gateway.url}/api/datasources`)).json()) as Json[];
      assert.deepEqual(list[0]?.grafanaShim, {
        handler: "simplejson",
        requestCompat: "backend-1.0",
        requestCompatFrom: "jsonData",
      });
      const health = await fetch(`${gateway.url}/api/datasources/uid/sj-table/health`);
      assert.match(((await health.json()) as Json).message, /requestCompat "backend-1.0"/);
    } finally {
      await gateway.stop();
    }
  });
});

describe("answers keep the shim's fixes", () => {
  test("refIds by query, nulls, tables with rows, search by refId: as the default mode answers", async () => {
    const picked = cases.filter((c) =>
      ["several-targets", "same-target-twice", "search"].includes(c.name),
    );
    const run = (jsonData: Json) =>
      runHost(
        "host-v101",
        shim,
        picked.map((c) => v1RequestOf(c, server.urlOf(c.name), jsonData)),
        [],
        cleanEnv(),
      );
    const [old, spec] = await Promise.all([run(compat), run({})]);
    const [several, twice, search] = old.results.map((r: Json) => fromV1(r.response));
    const [severalSpec, twiceSpec, searchSpec] = spec.results.map((r: Json) => fromV1(r.response));
    for (const refId of ["A", "B", "C"])
      assert.deepEqual(several[refId], severalSpec[refId], refId);
    assert.ok(
      several.A.series[0].points.some((p: [number | null]) => p[0] === null),
      "nulls stay null",
    );
    assert.deepEqual(several.B.tables[0].rows[0].slice(1), ["upper_50", 12.5]);
    assert.equal(
      several.D.series[0].name,
      "",
      "the row without a target got the server's answer for it",
    );
    assert.deepEqual(twice, twiceSpec);
    assert.deepEqual(search, searchSpec);
    assert.deepEqual(Object.keys(search), ["A"], "the old plugin answered refId search");
  });

  test("protocol 2 answers as protocol 1 does", async () => {
    const picked = cases.filter((c) => c.name === "several-targets");
    const report = await runHost(
      "host-v2",
      shim,
      picked.map((c) => v2RequestOf(c, server.urlOf(c.name), compat)),
      ["-versions", "2"],
      cleanEnv(),
    );
    const v1 = await runHost(
      "host-v101",
      shim,
      picked.map((c) => v1RequestOf(c, server.urlOf(c.name), compat)),
      [],
      cleanEnv(),
    );
    assert.deepEqual(fromV2(report.results[0]), fromV1(v1.results[0].response));
  });
});

test("without the mode the server gets the spec's requests, one call per query", async () => {
  server.forget();
  const several = cases.find((c) => c.name === "several-targets") as RecordedCase;
  const report = await runHost(
    "host-v101",
    shim,
    [v1RequestOf(several, server.urlOf(several.name))],
    [],
    cleanEnv(),
  );
  assertNoErrors(report);
  const got = server.received(several.name);
  assert.equal(got.length, 3, "A, B and C each in a call; D (no target) in none");
  for (const r of got) {
    const body = r.body as Json;
    assert.equal(body.targets.length, 1);
    assert.equal(body.range.from, new Date(several.grafana.timeRange.fromEpochMs).toISOString());
    assert.equal(body.format, "json");
  }
});
