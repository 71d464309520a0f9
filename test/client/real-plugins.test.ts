/**
 * The go-plugin client against real plugins: the Go reference plugins (go-plugin
 * v1.0.1 with grafana-plugin-model, and grafana-plugin-sdk-go) and the shim
 * itself, over unix sockets, TCP and AutoMTLS; stderr re-logged; stopped as
 * go-plugin hosts stop them.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type PluginClient, startPluginClient } from "../../src/client/plugin-client.js";
import type { DataRequest } from "../../src/model/data.js";
import type { LegacyRequest } from "../../src/model/legacy.js";
import { capturingLogger, processGone } from "./fake-plugins.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const refV1 = join(root, "test/.bin/ref-plugin-v1");
const refV2 = join(root, "test/.bin/ref-plugin-v2");
const shim = join(root, "bin/grafana-shim");
const echoLegacy = join(root, "dist/test/handlers/echo-legacy.js");
const tmp = mkdtempSync(join(tmpdir(), "client-real-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Nothing of this process's own settings may steer the plugins. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(GRAFANA_SHIM_|GF_|PLUGIN_)/.test(k)) env[k] = v;
  return { ...env, TMPDIR: tmp };
}

const legacyRequest: LegacyRequest = {
  timeRange: { fromRaw: "now-1h", toRaw: "now", fromMs: 1000, toMs: 2000 },
  datasource: {
    id: 1,
    orgId: 1,
    name: "ds",
    type: "t",
    url: "",
    jsonData: {},
    decryptedSecureJsonData: {},
  },
  queries: [
    {
      refId: "A",
      maxDataPoints: 10,
      intervalMs: 1000,
      model: {
        answer: {
          series: [
            {
              name: "s",
              tags: { k: "v" },
              points: [
                [1.5, 1000],
                [null, 2000],
              ],
            },
          ],
          tables: [
            {
              columns: ["d", "i", "b", "s", "x", "n"],
              rows: [
                [
                  { double: 0.5 },
                  { int64: "9007199254740993" },
                  { bool: true },
                  { string: "ü" },
                  { bytes: "AAE=" },
                  null,
                ],
              ],
            },
          ],
          meta: { m: 1 },
        },
      },
    },
    { refId: "B", maxDataPoints: 10, intervalMs: 1000, model: { answer: { error: "B failed" } } },
  ],
};

const dataRequest: DataRequest = {
  pluginContext: {
    orgId: 1,
    pluginId: "echo",
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
      maxDataPoints: 100,
      intervalMs: 1000,
      timeRange: { fromMs: 1000, toMs: 2000 },
      json: {
        answer: {
          generate: [{ rows: 3, fields: [{ type: "time" }, { type: "int64", nullable: true }] }],
        },
      },
    },
    {
      refId: "B",
      queryType: "",
      maxDataPoints: 1,
      intervalMs: 1,
      timeRange: { fromMs: 0, toMs: 0 },
      json: { answer: { error: "nope", status: 418 } },
    },
  ],
};

/** Every client started is stopped after its test, whatever the test did. */
const started = new Set<PluginClient>();
afterEach(async () => {
  await Promise.all([...started].map((c) => c.stop()));
  started.clear();
});

async function startClient(...args: Parameters<typeof startPluginClient>): Promise<PluginClient> {
  const client = await startPluginClient(...args);
  started.add(client);
  return client;
}

async function stopped(client: PluginClient): Promise<{ graceful: boolean; ms: number }> {
  const started = Date.now();
  const { graceful } = await client.stop();
  assert.ok(processGone(client.pid), "the plugin process is gone");
  return { graceful, ms: Date.now() - started };
}

describe("protocol 1: ref-plugin-v1 (go-plugin v1.0.1)", () => {
  test("unix socket, every cell kind, errors as data, stderr re-logged, Shutdown", async () => {
    const { log, records } = capturingLogger();
    const client = await startClient({ path: refV1, versions: [1], log, env: baseEnv() });
    assert.equal(client.version, 1);
    assert.equal(client.handshake.network, "unix");
    const outcome = await client.queryLegacy(legacyRequest);
    assert.ok(outcome.ok);
    const [a, b] = outcome.value;
    assert.equal(a?.refId, "A");
    assert.deepEqual(a?.meta, { m: 1 });
    assert.deepEqual(a?.series?.[0]?.tags, { k: "v" });
    assert.ok(Number.isNaN(a?.series?.[0]?.points[1]?.[0]), "a null point arrives as NaN");
    const row = a?.tables?.[0]?.rows[0]?.map((c) => (c instanceof Uint8Array ? [...c] : c));
    assert.deepEqual(row, [0.5, 9007199254740993n, true, "ü", [0, 1], null]);
    assert.equal(b?.error, "B failed");
    assert.ok((await client.ping()).ok, "health service answers SERVING for plugin");
    const env = records().find((r) => r["@message"] === "plugin environment");
    assert.equal(env?.["@level"], "debug", "the plugin's hclog line keeps its level");
    assert.equal(env?.module, "ref-plugin-v1");
    assert.equal(env?.PLUGIN_PROTOCOL_VERSIONS, "1");
    const stop = await stopped(client);
    assert.ok(stop.ms < 2500, `stopped in ${stop.ms} ms`);
  });

  test("a protocol-2 call on a protocol-1 plugin is refused clearly", async () => {
    const client = await startClient({
      path: refV1,
      versions: [1],
      log: capturingLogger().log,
      env: baseEnv(),
    });
    await assert.rejects(client.queryData(dataRequest), /speaks protocol 1, not 2/);
    await stopped(client);
  });

  test("offering only 2 to a protocol-1 plugin fails as Grafana 8 does", async () => {
    await assert.rejects(
      startPluginClient({ path: refV1, versions: [2], log: capturingLogger().log, env: baseEnv() }),
      /Incompatible API version with plugin. Plugin version: 1, Client versions: \[2\]/,
    );
  });
});

describe("protocol 2: ref-plugin-v2 (grafana-plugin-sdk-go)", () => {
  test("QueryData with frames decoded, errors as data, CheckHealth", async () => {
    const client = await startClient({
      path: refV2,
      versions: [2],
      log: capturingLogger().log,
      env: baseEnv(),
    });
    assert.equal(client.version, 2);
    const outcome = await client.queryData(dataRequest);
    assert.ok(outcome.ok);
    const a = outcome.value.get("A");
    assert.equal(a?.status, 200);
    const frame = a?.frames[0];
    assert.equal(frame?.refId, "A");
    assert.deepEqual(Array.from(frame?.fields[1]?.values ?? []), [
      -5000000350000n,
      -4999900349993n,
      -4999800349986n,
    ]);
    assert.equal(outcome.value.get("B")?.error, "nope");
    assert.equal(outcome.value.get("B")?.status, 418);
    const health = await client.checkHealth(dataRequest.pluginContext, {});
    assert.ok(health.ok);
    assert.equal(health.value.status, "ok");
    assert.equal(health.value.message, "echo ok");
    await stopped(client);
  });

  test("AutoMTLS: the plugin's certificate is pinned and calls go over TLS", async () => {
    const client = await startClient({
      path: refV2,
      versions: [2],
      log: capturingLogger().log,
      env: baseEnv(),
      autoMtls: true,
    });
    assert.ok(client.handshake.serverCert, "the SDK plugin answered with its certificate");
    const outcome = await client.queryData(dataRequest);
    assert.ok(outcome.ok);
    await stopped(client);
  });
});

describe("the shim as the plugin", () => {
  test("TCP in the offered port range", async () => {
    const client = await startClient({
      path: shim,
      versions: [1],
      log: capturingLogger().log,
      env: baseEnv(),
      extraEnv: { GRAFANA_SHIM_NETWORK: "tcp", GRAFANA_SHIM_HANDLER: echoLegacy },
      ports: { min: 21000, max: 21999 },
    });
    assert.equal(client.handshake.network, "tcp");
    const port = Number(client.handshake.address.split(":")[1]);
    assert.ok(port >= 21000 && port <= 21999, `port ${port} in range`);
    const outcome = await client.queryLegacy(legacyRequest);
    assert.ok(outcome.ok);
    assert.equal(outcome.value[1]?.error, "B failed");
    const stop = await stopped(client);
    assert.ok(stop.graceful, "the shim exits on Shutdown");
  });

  test("offered 1,2 with GF_VERSION, AutoMTLS: protocol 2 over TLS", async () => {
    const client = await startClient({
      path: shim,
      versions: [1, 2],
      log: capturingLogger().log,
      env: baseEnv(),
      extraEnv: {
        GF_VERSION: "7.5.17",
        GRAFANA_SHIM_HANDLER: join(root, "dist/test/handlers/echo-frames.js"),
      },
      autoMtls: true,
    });
    assert.equal(client.version, 2);
    assert.ok(client.handshake.serverCert);
    const outcome = await client.queryData(dataRequest);
    assert.ok(outcome.ok);
    assert.equal(outcome.value.get("A")?.frames[0]?.fields.length, 2);
    await stopped(client);
  });

  test("a plugin that dies: exited resolves, calls fail as Unavailable", async () => {
    const client = await startClient({
      path: refV1,
      versions: [1],
      log: capturingLogger().log,
      env: baseEnv(),
    });
    process.kill(client.pid, "SIGKILL");
    const exit = await client.exited;
    assert.equal(exit.signal, "SIGKILL");
    assert.equal(client.running, false);
    const outcome = await client.queryLegacy(legacyRequest);
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.equal(outcome.failure.code, "Unavailable");
    await client.stop();
  });
});
