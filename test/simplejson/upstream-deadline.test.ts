/**
 * A stalled Simple JSON server is reported as what it is: the upstream call gives up before
 * the query's own deadline, so the query answers the documented downstream 504 naming the
 * route, not the plugin's "query timed out". Through the built gateway and the real Go hosts,
 * with small timeouts standing in for the defaults (both 30 s); and the defaults' order.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  defaultTimeoutMs as upstreamDefaultMs,
  upstreamSettingsOf,
} from "../../src/backends/simplejson/settings.js";
import { upstreamTimeoutMs } from "../../src/backends/simplejson/upstream-call.js";
import { defaults } from "../../src/config.js";
import { gatewayDefaults } from "../../src/server/http/options.js";
import { cleanEnv } from "../clean-env.js";
import { post, type RunningGateway, startGateway } from "../http/gateway.js";
import { type FaultyServer, startFaultyServer } from "../simple-json-servers/faulty.js";
import { type Json, runHost, shim, tempDir, v1Request, v2Request } from "./hosts.js";
import { datasource } from "./requests.js";

const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;
const stalled = /^Simple JSON server POST \/query: no complete answer within \d+ ms \(timeout\)$/;

let faulty: FaultyServer;
before(async () => {
  faulty = await startFaultyServer();
});
after(async () => {
  await faulty.close();
});

describe("the gateway, --timeout-ms 2000", () => {
  let gw: RunningGateway;
  before(async () => {
    const yaml = join(tempDir("sj-deadline-"), "datasources.yaml");
    const url = faulty.urlOf("stall");
    writeFileSync(
      yaml,
      "apiVersion: 1\ndatasources:\n" +
        `  - {name: Default, uid: default, id: 1, type: sj, url: "${url}"}\n` +
        `  - {name: Same, uid: same, id: 2, type: sj, url: "${url}", jsonData: {timeout: 2}}\n`,
    );
    gw = await startGateway([
      "--handler",
      "simplejson",
      "--datasources",
      yaml,
      "--timeout-ms",
      "2000",
    ]);
  });
  after(async () => {
    await gw?.stop();
  });

  for (const [uid, what] of [
    ["default", "the datasource's default timeout (30 s)"],
    ["same", "a datasource timeout equal to the query's (2 s)"],
  ] as const) {
    test(`${what}: a downstream 504 on /api/ds/query and /api/tsdb/query`, async () => {
      const body = {
        from: String(fromMs),
        to: String(toMs),
        queries: [
          { refId: "A", datasource: { uid }, datasourceId: uid === "default" ? 1 : 2, target: "a" },
        ],
      };
      const ds = await post(`${gw.url}/api/ds/query`, body);
      assert.equal(ds.status, 400);
      const a = ds.json.results.A;
      assert.match(a.error, stalled);
      assert.equal(a.errorSource, "downstream");
      assert.equal(a.status, 504);
      const tsdb = await post(`${gw.url}/api/tsdb/query`, body);
      assert.match(tsdb.json.results.A.error, stalled);
    });
  }
});

describe("the Go hosts, GRAFANA_SHIM_TIMEOUT_MS=2000 and the datasource's default timeout", () => {
  const env = cleanEnv({ GRAFANA_SHIM_TIMEOUT_MS: "2000" });
  const queries = [{ refId: "A", target: "a" }];

  test("protocol 2: errorSource downstream, status 504", async () => {
    const request = v2Request(faulty.urlOf("stall"), "sj", fromMs, toMs, queries);
    const report = await runHost("host-v2", shim, [request], ["-versions", "2"], env);
    const a = report.results[0].response.A as Json;
    assert.match(a.error, stalled);
    assert.equal(a.errorSource, "downstream");
    assert.equal(a.status, 504);
  });

  test("protocol 1: the result's error names the route", async () => {
    const request = v1Request(faulty.urlOf("stall"), fromMs, toMs, queries);
    const report = await runHost("host-v101", shim, [request], [], env);
    assert.match(report.results[0].response.results[0].error, stalled);
  });
});

describe("the defaults: the upstream call gives up first", () => {
  test("a datasource without a timeout, a query with the default timeout", () => {
    const now = 1_000_000;
    const { timeoutMs } = upstreamSettingsOf(datasource("http://127.0.0.1:1"));
    assert.equal(timeoutMs, upstreamDefaultMs);
    for (const queryTimeoutMs of [defaults.timeoutMs, gatewayDefaults.queryTimeoutMs]) {
      const upstream = upstreamTimeoutMs(timeoutMs, now + queryTimeoutMs, now);
      assert.ok(upstream < queryTimeoutMs, `${upstream} ms before ${queryTimeoutMs} ms`);
      assert.ok(upstream >= queryTimeoutMs - 1000, "and not much before");
    }
  });

  test("a shorter datasource timeout stays as it is; without a deadline, the datasource's", () => {
    assert.equal(upstreamTimeoutMs(5000, 1_000_000 + 30_000, 1_000_000), 5000);
    assert.equal(upstreamTimeoutMs(5000, undefined), 5000);
    assert.equal(upstreamTimeoutMs(5000, 1_000_000 + 10, 1_000_000), 1, "past it: at once");
  });
});
