/**
 * `grafana-shim record` as real processes: the recording proxy started by a real
 * go-plugin host in front of ref-plugin-v1, and the recording HTTP gateway in
 * front of serve-http. Secrets never reach the files; what was recorded replays.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { runHost } from "../wrap/run-hosts.js";
import { refV1, root, runShim, shim } from "./run-shim.js";

const dir = mkdtempSync(join(tmpdir(), "record-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the recording proxy between host-v101 and ref-plugin-v1", async () => {
  const out = join(dir, "plugin");
  const launcher = join(dir, "launcher.sh");
  writeFileSync(
    launcher,
    `#!/bin/sh\nexec '${process.execPath}' '${shim}' record --plugin '${refV1}' --out '${out}'\n`,
  );
  chmodSync(launcher, 0o755);
  const request = {
    timeRange: { fromRaw: "now-1h", toRaw: "now", fromEpochMs: 1000, toEpochMs: 2000 },
    datasource: {
      id: 1,
      orgId: 1,
      name: "ds",
      type: "t",
      url: "",
      jsonData: "{}",
      decryptedSecureJsonData: { token: "very-secret-1" },
    },
    queries: [
      {
        refId: "A",
        maxDataPoints: 1,
        intervalMs: 1,
        modelJson: JSON.stringify({ answer: { echo: true } }),
      },
      {
        refId: "B",
        maxDataPoints: 1,
        intervalMs: 1,
        modelJson: JSON.stringify({ answer: { series: [{ name: "s", points: [[1, 1000]] }] } }),
      },
    ],
  };
  const report = await runHost(
    "host-v101",
    [],
    launcher,
    [request, request],
    cleanEnv({ TMPDIR: dir }),
    dir,
    "rec",
  );
  assert.equal((report.results as unknown[]).length, 2);
  const files = readdirSync(out).sort();
  assert.deepEqual(files, ["0001-v1-A-B.json", "0002-v1-A-B.json"]);
  const text = readFileSync(join(out, files[0] ?? ""), "utf8");
  assert.ok(!text.includes("very-secret-1"), "the secret is redacted in request and echo");
  assert.match(text, /"token": "\[redacted\]"/);
  assert.match(text, /"via": "grafana-shim record \(wrap mode\)"/);
  const replay = await runShim(["replay", out, "--plugin", refV1]);
  assert.equal(replay.code, 0, replay.stdout);
});

test("record --plugin outside a host explains how to use it", async () => {
  const ran = await runShim(["record", "--plugin", refV1, "--out", join(dir, "x")]);
  assert.equal(ran.code, 2);
  assert.match(ran.stderr, /a go-plugin host \(Grafana\) must start it/);
  assert.match(ran.stderr, /exec grafana-shim record --plugin/);
});

test("the recording HTTP gateway in front of serve-http", async () => {
  const out = join(dir, "http");
  const child = spawn(
    process.execPath,
    [
      shim,
      "record",
      "--http",
      "--handler",
      "demo",
      "--port",
      "0",
      "--out",
      out,
      "--note",
      "demo data",
      "--volatile",
      "response.body.results.A.series",
    ],
    {
      cwd: root,
      env: cleanEnv({ TMPDIR: dir }),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        text += d;
        const found = /recording gateway on (http:\/\/\S+)/.exec(text)?.[1];
        if (found) resolve(found);
      });
      child.once("exit", (code) => reject(new Error(`record exited ${code}`)));
    });
    const health = await fetch(`${url}/api/health`);
    assert.equal(health.status, 200, "other routes are forwarded");
    const answer = await fetch(`${url}/api/tsdb/query`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer gateway-token-1" },
      body: JSON.stringify({
        from: "now-1h",
        to: "now",
        queries: [{ refId: "A", datasourceId: 1 }],
      }),
    });
    assert.equal(answer.status, 200);
    assert.ok(
      ((await answer.json()) as { results: { A: { series: unknown[] } } }).results.A.series.length >
        0,
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  const files = readdirSync(out);
  assert.deepEqual(files, ["0001-tsdb-http-A.json"], "only query exchanges are recorded");
  const text = readFileSync(join(out, files[0] ?? ""), "utf8");
  assert.ok(!text.includes("gateway-token-1"));
  assert.match(text, /"authorization": "\[redacted\]"/);
  assert.match(text, /"comment": "demo data"/);
  // The demo's points follow now-6h: declared volatile, the rest replays against the same handler.
  const replay = await runShim(["replay", out, "--handler", "demo"]);
  assert.equal(replay.code, 0, replay.stdout);
});
