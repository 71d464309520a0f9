/**
 * Wrap mode when the wrapped plugin fails: killed in the middle of a query (a
 * clear error for that query, then a restart and answers again), a plugin that
 * exits at once (clear errors, back-off, no hang), a path that does not exist
 * and missing settings. The shim runs as a real plugin process, driven by the
 * go-plugin client over protocol 2 (Grafana 8+) and protocol 1 (Grafana 6).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, describe, test } from "node:test";
import { type PluginClient, startPluginClient } from "../../src/client/plugin-client.js";
import type { DataRequest } from "../../src/model/data.js";
import type { LegacyRequest } from "../../src/model/legacy.js";
import { cleanEnv } from "../clean-env.js";
import { capturingLogger, FakePlugins, processGone } from "../client/fake-plugins.js";
import { refV1, shim } from "./run-hosts.js";

const tmp = mkdtempSync(join(tmpdir(), "wrap-restart-"));
const fakes = new FakePlugins();
after(() => {
  rmSync(tmp, { recursive: true, force: true });
  fakes.remove();
});
const clients = new Set<PluginClient>();
afterEach(async () => {
  await Promise.all([...clients].map((c) => c.stop()));
  clients.clear();
});

async function wrappedShim(version: 1 | 2, wrap: Record<string, string>) {
  const captured = capturingLogger();
  const client = await startPluginClient({
    path: shim,
    versions: [version],
    log: captured.log,
    env: cleanEnv({ TMPDIR: tmp }),
    extraEnv: {
      GRAFANA_SHIM_HANDLER: "wrap",
      GRAFANA_SHIM_LOG_LEVEL: "debug",
      GRAFANA_SHIM_WRAP_RESTART_DELAY_MS: "100",
      ...wrap,
    },
  });
  clients.add(client);
  const childPids = () =>
    captured
      .records()
      .filter((r) => r["@message"] === "wrapped plugin started")
      .map((r) => Number(r.pid));
  return { client, childPids, records: captured.records };
}

function dataRequest(json: Record<string, unknown>): DataRequest {
  return {
    pluginContext: {
      orgId: 1,
      pluginId: "legacy",
      pluginVersion: "",
      grafanaConfig: {},
      userAgent: "",
      apiVersion: "",
      namespace: "",
    },
    headers: {},
    format: "arrow",
    queries: [
      {
        refId: "A",
        queryType: "",
        maxDataPoints: 10,
        intervalMs: 1000,
        timeRange: { fromMs: 1000, toMs: 2000 },
        json,
      },
    ],
  };
}

function legacyRequest(model: Record<string, unknown>): LegacyRequest {
  return {
    timeRange: { fromRaw: "1000", toRaw: "2000", fromMs: 1000, toMs: 2000 },
    datasource: {
      id: 1,
      orgId: 1,
      name: "",
      type: "",
      url: "",
      jsonData: {},
      decryptedSecureJsonData: {},
    },
    queries: [{ refId: "A", maxDataPoints: 10, intervalMs: 1000, model }],
  };
}

const series = { answer: { series: [{ name: "up", points: [[1, 1000]] }] } };
const slow = { answer: { sleepMs: 10_000, series: [{ name: "late", points: [[1, 1000]] }] } };

/** The error of the only query, whichever protocol answered. */
async function queryError(
  client: PluginClient,
  version: 1 | 2,
  model: Record<string, unknown>,
): Promise<string | undefined> {
  if (version === 2) {
    const outcome = await client.queryData(dataRequest(model));
    assert.ok(outcome.ok, "a failing query is data, not a gRPC error");
    return outcome.value.get("A")?.error;
  }
  const outcome = await client.queryLegacy(legacyRequest(model));
  assert.ok(outcome.ok, "a failing query is data, not a gRPC error");
  return outcome.value[0]?.error || undefined;
}

async function waitFor<T>(what: string, get: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const version of [2, 1] as const) {
  describe(`protocol ${version}: the wrapped plugin killed mid-request`, () => {
    test("the query in flight gets a clear error, then the plugin is restarted and answers", async () => {
      const { client, childPids } = await wrappedShim(version, { GRAFANA_SHIM_WRAP_PLUGIN: refV1 });
      assert.equal(await queryError(client, version, series), undefined);
      const first = await waitFor("the first child", () => childPids()[0]);
      const inFlight = queryError(client, version, slow);
      await new Promise((r) => setTimeout(r, 300));
      process.kill(first, "SIGKILL");
      const started = Date.now();
      const error = await inFlight;
      assert.match(
        String(error),
        new RegExp(
          `the wrapped plugin .*ref-plugin-v1 \\(pid ${first}\\) was killed by SIGKILL while answering this query; it is being restarted`,
        ),
      );
      assert.ok(Date.now() - started < 2000, "the error comes at once, not at the deadline");
      assert.equal(
        await queryError(client, version, series),
        undefined,
        "answers again after the restart",
      );
      const second = await waitFor("the restarted child", () => childPids()[1]);
      assert.notEqual(second, first);
      assert.ok(!processGone(second));
      assert.ok((await client.ping()).ok, "the shim itself never went down");
    });
  });
}

describe("a wrapped plugin that cannot run", () => {
  test("one that exits at once: clear errors, back-off, no hang", async () => {
    const crashing = fakes.script("crashing", 'echo "cannot open config" >&2; exit 3');
    const { client, records } = await wrappedShim(2, {
      GRAFANA_SHIM_WRAP_PLUGIN: crashing,
      GRAFANA_SHIM_WRAP_WAIT_FOR_RESTART_MS: "150",
    });
    const first = await queryError(client, 2, series);
    assert.match(
      String(first),
      /plugin .*crashing exited before we could connect \(exit code 3\); its stderr:\ncannot open config/,
    );
    // Failures double the delay (100, 200, 400 ms): soon the next attempt is too far to wait for.
    let down: string | undefined;
    for (let i = 0; i < 10 && !down?.includes("is down"); i++)
      down = await queryError(client, 2, series);
    assert.match(
      String(down),
      /the wrapped plugin .*crashing is down \(it could not start: .*exit code 3.*\); next start attempt in \d+ s/s,
    );
    const restarts = records().filter((r) => r["@message"] === "restarting the wrapped plugin");
    assert.ok(restarts.length >= 2, "restarts are scheduled");
    const delays = restarts.map((r) => Number(r.inMs));
    assert.deepEqual(delays.slice(0, 2), [100, 200], "the delay doubles");
  });

  test("a path that does not exist", async () => {
    const { client } = await wrappedShim(1, {
      GRAFANA_SHIM_WRAP_PLUGIN: join(tmp, "no-such-plugin"),
    });
    assert.match(
      String(await queryError(client, 1, series)),
      /plugin executable .*no-such-plugin does not exist/,
    );
  });

  test("no plugin set: every query and the health check say so", async () => {
    const { client } = await wrappedShim(2, {});
    assert.match(
      String(await queryError(client, 2, series)),
      /invalid wrap settings: plugin: the executable to wrap is not set/,
    );
    const health = await client.checkHealth(dataRequest({}).pluginContext, {});
    assert.ok(health.ok);
    assert.equal(health.value.status, "error");
    assert.match(health.value.message, /GRAFANA_SHIM_WRAP_PLUGIN/);
  });
});
