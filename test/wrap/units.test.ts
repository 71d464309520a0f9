/** Wrap mode's pure parts: back-off, result matching, one call per request, settings, supervision. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { restartDelay } from "../../src/backends/wrap/backoff.js";
import { matchResults, queryIndex } from "../../src/backends/wrap/match-results.js";
import { loadWrapSettings } from "../../src/backends/wrap/settings.js";
import { PluginSupervisor } from "../../src/backends/wrap/supervisor.js";
import { childBaseEnv } from "../../src/backends/wrap/wrap-handler.js";
import type { PluginClient } from "../../src/client/plugin-client.js";
import { RequestBatches } from "../../src/handler/request-batches.js";
import { createLogger } from "../../src/log/logger.js";
import type { LegacyQuery } from "../../src/model/legacy.js";

test("restart delays double from the first and stop at the cap", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 40].map((n) => restartDelay(n, 250, 3000)),
    [250, 500, 1000, 2000, 3000, 3000, 3000],
  );
  assert.equal(restartDelay(0, 250, 3000), 250);
});

describe("matching results to queries", () => {
  const q = (refId: string): LegacyQuery => ({ refId, maxDataPoints: 0, intervalMs: 0, model: {} });
  test("one result per query: in order, renamed refIds kept", () => {
    const { answers, unmatched } = matchResults([q("A"), q("B")], [{ refId: "X" }, { refId: "B" }]);
    assert.deepEqual(answers, [{ refId: "X" }, { refId: "B" }]);
    assert.deepEqual(unmatched, []);
  });
  test("otherwise by refId; missing answers and strays reported", () => {
    const { answers, unmatched } = matchResults(
      [q("A"), q("B"), q("C")],
      [{ refId: "C" }, { refId: "Z" }],
    );
    assert.deepEqual(answers, [undefined, undefined, { refId: "C" }]);
    assert.deepEqual(unmatched, [{ refId: "Z" }]);
  });
  test("a query's place: same object, same model, else its refId", () => {
    const model = {};
    const queries = [q("A"), { ...q("B"), model }];
    assert.equal(queryIndex(queries, queries[0] as LegacyQuery), 0);
    assert.equal(queryIndex(queries, { ...q("other"), model }), 1);
    assert.equal(queryIndex(queries, q("B")), 1);
  });
});

test("one call per request and key; other requests call again", async () => {
  const batches = new RequestBatches<number>();
  let calls = 0;
  const send = async () => ++calls;
  const request = {};
  const answers = await Promise.all([
    batches.once(request, "k", send),
    batches.once(request, "k", send),
  ]);
  assert.deepEqual(answers, [1, 1]);
  assert.equal(await batches.once(request, "other range", send), 2);
  assert.equal(await batches.once({}, "k", send), 3);
});

describe("settings", () => {
  const executable = join(tmpdir(), "no-config-here", "grafana-shim");
  test("from the environment, GRAFANA_SHIM_WRAP_ over GF_PLUGIN_WRAP_", () => {
    const s = loadWrapSettings(
      {
        GF_PLUGIN_WRAP_PLUGIN: "/a",
        GRAFANA_SHIM_WRAP_PLUGIN: "/b",
        GF_PLUGIN_WRAP_PROTOCOL: "2",
        GRAFANA_SHIM_WRAP_AUTO_MTLS: "true",
      },
      executable,
    );
    assert.equal(s.plugin, "/b");
    assert.equal(s.protocol, 2);
    assert.equal(s.autoMtls, true);
    assert.equal(s.startTimeoutMs, 60_000);
  });
  test("bad values are named", () => {
    assert.throws(
      () => loadWrapSettings({}, executable),
      /plugin: the executable to wrap is not set/,
    );
    assert.throws(
      () =>
        loadWrapSettings(
          {
            GRAFANA_SHIM_WRAP_PLUGIN: "/p",
            GRAFANA_SHIM_WRAP_PROTOCOL: "3",
            GRAFANA_SHIM_WRAP_START_TIMEOUT_MS: "soon",
          },
          executable,
        ),
      /invalid wrap settings: protocol: .*; startTimeoutMs: /,
    );
  });
  test("the wrap object of grafana-shim.json, paths relative to it", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrap-settings-"));
    try {
      const file = join(dir, "grafana-shim.json");
      writeFileSync(
        file,
        JSON.stringify({
          handler: "wrap",
          wrap: { plugin: "old/plugin_linux_amd64", record: "fixtures", restartDelayMs: 10 },
        }),
      );
      const s = loadWrapSettings({ GRAFANA_SHIM_CONFIG: file }, executable);
      assert.equal(s.plugin, join(dir, "old/plugin_linux_amd64"));
      assert.equal(s.record, join(dir, "fixtures"));
      assert.equal(s.restartDelayMs, 10);
      writeFileSync(file, JSON.stringify({ wrap: { plugin: "p", unknown: 1 } }));
      assert.throws(
        () => loadWrapSettings({ GRAFANA_SHIM_CONFIG: file }, executable),
        /Unrecognized key|unknown/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test("a child never sees the shim's own settings", () => {
    assert.deepEqual(
      childBaseEnv({
        PATH: "/bin",
        GRAFANA_SHIM_HANDLER: "wrap",
        GF_PLUGIN_WRAP_PLUGIN: "x",
        GF_VERSION: "8",
      }),
      {
        PATH: "/bin",
        GF_VERSION: "8",
      },
    );
  });
});

describe("supervision", () => {
  const log = createLogger({ level: "off", module: "test" });

  /** A stand-in for a started plugin: enough for the supervisor. */
  function fakeClient(pid: number) {
    let exit!: (e: { code: number | null; signal: NodeJS.Signals | null }) => void;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => {
      exit = r;
    });
    const client = {
      pid,
      version: 1,
      handshake: { appVersion: 1, network: "unix", address: "/x" },
      exited,
      stop: async () => exit({ code: 0, signal: null }),
    } as unknown as PluginClient;
    return { client, die: () => exit({ code: null, signal: "SIGKILL" }) };
  }

  test("starts once, restarts after a death, hands out the new client", async () => {
    const made: ReturnType<typeof fakeClient>[] = [];
    const supervisor = new PluginSupervisor({
      path: "/p",
      log,
      restartDelayMs: 10,
      restartMaxDelayMs: 100,
      waitForRestartMs: 1000,
      start: async () => {
        made.push(fakeClient(made.length + 1));
        return (made.at(-1) as ReturnType<typeof fakeClient>).client;
      },
    });
    const [a, b] = await Promise.all([supervisor.acquire(), supervisor.acquire()]);
    assert.equal(a, b);
    assert.equal(made.length, 1);
    made[0]?.die();
    await new Promise((r) => setImmediate(r));
    assert.equal(supervisor.describe().state, "waiting");
    assert.equal((await supervisor.acquire()).pid, 2, "a caller waits for the restart due soon");
    await supervisor.stop();
    await assert.rejects(supervisor.acquire(), /was stopped/);
  });

  test("start failures back off; a far attempt fails callers at once", async () => {
    let attempts = 0;
    const supervisor = new PluginSupervisor({
      path: "/p",
      log,
      restartDelayMs: 50,
      restartMaxDelayMs: 10_000,
      waitForRestartMs: 60,
      start: async () => {
        attempts++;
        throw new Error("no such file");
      },
    });
    await assert.rejects(supervisor.acquire(), /no such file/);
    await assert.rejects(
      supervisor.acquire(),
      /no such file/,
      "the next attempt (50 ms) is waited for",
    );
    const started = Date.now();
    await assert.rejects(
      supervisor.acquire(),
      /is down \(it could not start: no such file\); next start attempt in 1 s/,
    );
    assert.ok(Date.now() - started < 50, "no waiting for an attempt 100 ms away");
    assert.equal(attempts, 2);
    await supervisor.stop();
  });
});
