/**
 * Nothing recorded is lost when the recorder stops. go-plugin 1.0.1 sends Shutdown right
 * after the answer, while the first fixture may still wait for the recorder's module; SIGTERM
 * may come while a call is in flight. Either way the answer goes out and its fixture is
 * written before the process exits. The same holds for the gateway (serve-http recording in
 * wrap mode) and the recording HTTP gateway on SIGTERM and SIGINT.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cleanEnv } from "../clean-env.js";
import { post, startGateway } from "../http/gateway.js";
import { findShim, runHost } from "../wrap/run-hosts.js";
import { echoLegacy, refV1, root, shim } from "./run-shim.js";

const dir = mkdtempSync(join(tmpdir(), "record-stop-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const timeRange = { fromRaw: "now-1h", toRaw: "now", fromEpochMs: 1000, toEpochMs: 2000 };
const series = [{ name: "s", points: [[1, 1000]] }];

function v1Request(answer: Record<string, unknown>) {
  return {
    timeRange,
    datasource: { id: 1, orgId: 1, name: "ds", type: "t", url: "", jsonData: "{}" },
    queries: [
      { refId: "A", maxDataPoints: 1, intervalMs: 1, modelJson: JSON.stringify({ answer }) },
    ],
  };
}

/** `grafana-shim record --plugin ref-plugin-v1` as a launcher script, its stderr in a file. */
function recordLauncher(name: string): { path: string; out: string; log: string } {
  const path = join(dir, `${name}.sh`);
  const out = join(dir, name);
  const log = join(dir, `${name}.log`);
  writeFileSync(
    path,
    `#!/bin/sh\nexec '${process.execPath}' '${shim}' record --plugin '${refV1}' --out '${out}' 2>>'${log}'\n`,
  );
  chmodSync(path, 0o755);
  return { path, out, log };
}

function fixtures(out: string): string[] {
  try {
    return readdirSync(out);
  } catch {
    return [];
  }
}

/** The first series' name in a protocol-1 host's report of one request. */
function seriesName(report: Record<string, unknown>): unknown {
  const [first] = report.results as { response?: { results: { series?: { name: string }[] }[] } }[];
  return first?.response?.results[0]?.series?.[0]?.name;
}

/** A POST on a connection of its own that the server closes after the answer. */
function postClosing(url: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", connection: "close" },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (d: string) => {
        text += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.end(JSON.stringify(body));
  });
}

async function logLine(file: string, message: string, limitMs = 20_000): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const line = readFileSync(file, { encoding: "utf8", flag: "a+" })
      .split("\n")
      .find((l) => l.includes(`"@message":"${message}"`));
    if (line) return line;
    await sleep(20);
  }
  throw new Error(`no "${message}" in ${file}:\n${readFileSync(file, "utf8")}`);
}

test("go-plugin 1.0.1's Shutdown right after the answer: 0 of 50 runs lose their fixture", async () => {
  const runs = 50;
  const parallel = 6;
  const lost: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < runs; i = next++) {
      const { path, out } = recordLauncher(`shutdown-${i}`);
      const request = v1Request({ series });
      const report = await runHost(
        "host-v101",
        [],
        path,
        [request],
        cleanEnv({ TMPDIR: dir }),
        dir,
        `shutdown-${i}`,
      );
      assert.equal(report.exited, true, "the proxy exits on Shutdown, within go-plugin's wait");
      assert.equal(seriesName(report), "s");
      if (fixtures(out).length !== 1) lost.push(`run ${i}: ${JSON.stringify(fixtures(out))}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  assert.deepEqual(lost, [], `${lost.length} of ${runs} runs lost their fixture`);
});

test("SIGTERM while a call is in flight: the host gets its answer, the fixture is written", async () => {
  const { path, out, log } = recordLauncher("sigterm");
  const request = v1Request({ sleepMs: 800, series });
  const env = cleanEnv({ TMPDIR: dir, SHIM_MARK: "sigterm" });
  const ran = runHost("host-v101", [], path, [request], env, dir, "sigterm");
  const pid = await findShim("sigterm");
  // The wrapped plugin starts with the first call, which then sleeps in it.
  await logLine(log, "wrapped plugin started");
  process.kill(pid, "SIGTERM");
  const report = await ran;
  assert.equal(seriesName(report), "s", "answered, not cut");
  assert.equal(report.exited, true);
  assert.equal(fixtures(out).length, 1, readFileSync(log, "utf8"));
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`serve-http recording in wrap mode, ${signal} during a query: answered and recorded`, async () => {
    const out = join(dir, `gateway-${signal}`);
    const gw = await startGateway(["--handler", "wrap"], {
      GRAFANA_SHIM_WRAP_PLUGIN: refV1,
      GRAFANA_SHIM_WRAP_PROTOCOL: "1",
      GRAFANA_SHIM_WRAP_RECORD: out,
    });
    // A client that closes its connection with the answer: nothing else holds the stop then.
    const running = postClosing(`${gw.url}/api/tsdb/query`, {
      queries: [{ refId: "A", datasourceId: 1, answer: { sleepMs: 800, series } }],
    });
    while (!gw.logs().some((l) => l["@message"] === "wrapped plugin started")) await sleep(20);
    assert.equal(await gw.stop(signal), 0);
    const answer = await running;
    assert.equal(answer.status, 200, answer.text);
    assert.equal(JSON.parse(answer.text).results.A.series[0].name, "s");
    assert.equal(fixtures(out).length, 1, gw.stderr());
  });
}

test("record --http, SIGTERM during a query: answered, recorded, then the upstream stops", async () => {
  const out = join(dir, "record-http");
  const child = spawn(
    process.execPath,
    [shim, "record", "--http", "--handler", echoLegacy, "--port", "0", "--out", out],
    { cwd: root, env: cleanEnv({ TMPDIR: dir }), stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.resume();
  const exited = once(child, "exit");
  try {
    while (!/recording gateway on (http:\/\/\S+)/.test(stdout)) await sleep(20);
    const url = /recording gateway on (http:\/\/\S+)/.exec(stdout)?.[1] ?? "";
    const running = post(`${url}/api/tsdb/query`, {
      queries: [{ refId: "A", datasourceId: 1, answer: { sleepMs: 800, series } }],
    });
    await sleep(300);
    child.kill("SIGTERM");
    const answer = await running;
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.results.A.series[0].name, "s");
    assert.deepEqual(await exited, [0, null]);
    assert.deepEqual(fixtures(out), ["0001-tsdb-http-A.json"]);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
