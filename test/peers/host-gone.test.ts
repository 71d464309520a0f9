/**
 * The plugin does not outlive its host, whatever its handler does. A handler stuck in a loop
 * that never yields (misbehaving.ts `busy`) blocks Shutdown and SIGTERM, and go-plugin's Kill
 * (1.0.1 and later) waits for the Shutdown answer without a deadline. Each way a real Go host
 * can go away is tried: Kill abandoned by a host with its own deadline (go-plugin 1.0.1, and
 * 1.8.0 over protocol 2), an exit without Kill, go-plugin 2018's Kill (SIGKILL at once, no
 * Shutdown) hitting a launcher script instead of the shim, and a host that exits while such a
 * launcher lives on. In each, the shim must be gone within 5 s of the host.
 */
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cleanEnv } from "../clean-env.js";
import { findShim, type Json, root, runHost } from "../wrap/run-hosts.js";
import { shim, shimCommand, shimProcess } from "./shim-executable.js";

const tmp = mkdtempSync(join(tmpdir(), "host-gone-"));
const left = new Set<number>();
after(() => {
  // A shim this test could not get rid of must not spin on after it (the failure says so).
  for (const pid of left) if (!processGone(pid)) process.kill(pid, "SIGKILL");
  rmSync(tmp, { recursive: true, force: true });
});

const misbehaving = join(root, "dist/test/handlers/misbehaving.js");
const startShim = shimCommand.map((word) => `'${word}'`).join(" ");
const timeRange = { fromRaw: "now-1h", toRaw: "now", fromEpochMs: 1000, toEpochMs: 2000 };

function v1Request(model: Json): Json {
  return {
    timeRange,
    datasource: { id: 1, orgId: 1, name: "ds", type: "t", url: "", jsonData: "{}" },
    queries: [{ refId: "A", maxDataPoints: 1, intervalMs: 1, modelJson: JSON.stringify(model) }],
  };
}

function v2Request(model: Json): Json {
  return {
    queries: [
      {
        refId: "A",
        timeRange: { fromEpochMS: "1000", toEpochMS: "2000" },
        json: Buffer.from(JSON.stringify(model)).toString("base64"),
      },
    ],
  };
}

/** Gone, or a zombie nobody reaped yet (it has exited all the same). */
function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return /^[ZX]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    return true;
  }
}

/** Milliseconds until `pid` is gone, or undefined if it is still there after `limitMs`. */
async function goneWithin(pid: number, limitMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started <= limitMs) {
    if (processGone(pid)) return Date.now() - started;
    await sleep(50);
  }
  return undefined;
}

/** A launcher script that runs the shim without exec (so it stays the host's child), logging to a file. */
function shellLauncher(name: string): { path: string; log: string } {
  const path = join(tmp, `${name}.sh`);
  const log = join(tmp, `${name}.log`);
  writeFileSync(path, `#!/bin/sh\n${startShim} 2>>'${log}'\n`);
  chmodSync(path, 0o755);
  return { path, log };
}

interface Case {
  readonly name: string;
  readonly host: string;
  readonly args: readonly string[];
  readonly request: Json;
  /** Through a launcher that does not exec; otherwise the host starts bin/grafana-shim itself. */
  readonly launcher?: boolean;
  /** What the host's report must show about how it left. */
  readonly report: (report: Json) => void;
}

const busyV1 = v1Request({ misbehave: "busy" });
const kill = ["-call-timeout", "1s", "-kill-limit", "1s"];
const killHung = (report: Json) => {
  assert.equal(report.killReturned, false, "Kill waits for a Shutdown answer that never comes");
};

const cases: readonly Case[] = [
  {
    name: "go-plugin 1.0.1: Kill hangs on Shutdown and the host gives up",
    host: "host-v101",
    args: kill,
    request: busyV1,
    report: killHung,
  },
  {
    name: "go-plugin 1.8.0, protocol 2: Kill hangs on Shutdown and the host gives up",
    host: "host-v2",
    args: ["-versions", "2", "-gf-version", "11.3.0", ...kill],
    request: v2Request({ misbehave: "busy" }),
    report: (report) => {
      assert.equal(report.negotiatedVersion, 2);
      killHung(report);
    },
  },
  {
    name: "go-plugin 1.8.0: the host exits without Kill",
    host: "host-current",
    args: ["-call-timeout", "1s", "-end", "exit"],
    request: busyV1,
    report: (report) => assert.equal(report.killMs, undefined),
  },
  {
    // Kill then waits for the launcher's output pipes to close, which the orphaned shim holds.
    name: "go-plugin 2018: Kill SIGKILLs the launcher script, not the shim",
    host: "host-2018",
    args: ["-call-timeout", "1s", "-kill-limit", "20s"],
    request: busyV1,
    launcher: true,
    report: (report) => {
      assert.equal(report.killReturned, true);
      assert.equal(report.exited, true);
      // 250 ms: this go-plugin's wait between closing the connection and its SIGKILL.
      assert.ok(Number(report.killMs) < 5250, `Kill took ${report.killMs} ms`);
    },
  },
  {
    name: "go-plugin 1.0.1: the host exits, the launcher script lives on",
    host: "host-v101",
    args: ["-call-timeout", "1s", "-end", "exit"],
    request: busyV1,
    launcher: true,
    report: (report) => assert.equal(report.killMs, undefined),
  },
];

describe("a busy handler does not keep the shim alive once its host is gone", {
  concurrency: 3,
}, () => {
  for (const c of cases) {
    test(c.name, async () => {
      const name = c.name.replace(/[^a-z0-9]+/gi, "-");
      const launcher = c.launcher ? shellLauncher(name) : undefined;
      const env = cleanEnv({ TMPDIR: tmp, GRAFANA_SHIM_HANDLER: misbehaving, SHIM_MARK: name });
      const found = findShim(name, 20_000, shimProcess);
      found.then((pid) => left.add(pid)).catch(() => undefined);
      const report = await runHost(
        c.host,
        c.args,
        launcher?.path ?? shim,
        [c.request],
        env,
        tmp,
        name,
      );
      const hostGone = Date.now();
      const pid = await found;
      c.report(report);
      const results = report.results as Json[];
      assert.match(JSON.stringify(results[0]), /DeadlineExceeded/, "the busy query timed out");
      const goneMs = await goneWithin(pid, 5000 - (Date.now() - hostGone));
      assert.ok(goneMs !== undefined, `the shim (pid ${pid}) still runs 5 s after its host`);
      if (launcher) {
        assert.match(
          readFileSync(launcher.log, "utf8"),
          /after the host went away \(.*exited\): killing the process/,
        );
      }
    });
  }
});

test("an idle shim whose host exits without Kill stops by itself", async () => {
  const log = join(tmp, "idle.log");
  const launcher = join(tmp, "idle.sh");
  writeFileSync(launcher, `#!/bin/sh\nexec ${startShim} 2>>'${log}'\n`);
  chmodSync(launcher, 0o755);
  const env = cleanEnv({
    TMPDIR: tmp,
    GRAFANA_SHIM_HANDLER: misbehaving,
    GRAFANA_SHIM_LOG_LEVEL: "debug",
  });
  const report = await runHost(
    "host-v101",
    ["-end", "exit"],
    launcher,
    [v1Request({})],
    env,
    tmp,
    "idle",
  );
  const hostGone = Date.now();
  const pid = Number(report.pid);
  left.add(pid);
  assert.ok((await goneWithin(pid, 5000 - (Date.now() - hostGone))) !== undefined);
  const text = readFileSync(log, "utf8");
  assert.match(
    text,
    /"@message":"the host went away: stopping"[^\n]*"why":"the parent process \d+ exited"/,
  );
  assert.doesNotMatch(text, /killing the process/, "it stopped by itself, within the grace");
});
