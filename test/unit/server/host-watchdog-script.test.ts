/**
 * host-watchdog.sh on its own, with `sleep` processes standing in for the shim and its host,
 * on the path where there is no /proc (macOS): the parent checked by `kill -0`. The peer
 * suite test/peers/host-gone.test.ts runs the whole watchdog with real Go hosts on Linux.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { packageRoot } from "../../../src/package-root.js";

const script = join(packageRoot, "src/server/go-plugin/host-watchdog.sh");
const started: ChildProcess[] = [];
after(() => {
  for (const child of started) child.kill("SIGKILL");
});

function sleeper(): ChildProcess {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  started.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
}

function watchdog(
  shim: ChildProcess,
  watched: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; out: () => string } {
  const args = [script, String(shim.pid), "0.1", "0.3", "300", "0", ...watched];
  const child = spawn("/bin/sh", args, { stdio: ["ignore", "pipe", "ignore"], env });
  started.push(child);
  let out = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  return { child, out: () => out };
}

/** Nothing happens until a stop begins (SIGUSR1); then the shim is SIGKILLed after the grace. */
async function stopIsBounded(shim: ChildProcess, watchdog: ChildProcess): Promise<void> {
  await sleep(400);
  assert.equal(shim.exitCode, null, "no host to watch: the shim runs on");
  const stopAt = Date.now();
  watchdog.kill("SIGUSR1");
  assert.equal(await exited(shim), "SIGKILL");
  assert.ok(Date.now() - stopAt >= 250, "killed after the grace, not at once");
}

test("a parent gone by kill -0: says so once, then SIGKILLs the shim after the grace", async () => {
  const shim = sleeper();
  const parent = sleeper();
  const dog = watchdog(shim, [`${parent.pid}:`]);
  await sleep(300);
  assert.equal(shim.exitCode, null, "nothing happens while the parent is there");
  parent.kill("SIGKILL");
  await exited(parent);
  assert.equal(await exited(shim), "SIGKILL");
  assert.equal(dog.out(), `the parent process ${parent.pid} exited\n`);
});

test("a stop that began (SIGUSR1) is bounded by the grace; nothing watched, nothing said", async () => {
  const shim = sleeper();
  const { child, out } = watchdog(shim, []);
  await stopIsBounded(shim, child);
  assert.equal(out(), "");
  assert.equal(await exited(child), 0, "the watchdog ends with the shim");
});

test("a host's PATH without the system's tools: the stop's grace still holds", async () => {
  const shim = sleeper();
  const emptyDir = mkdtempSync(join(tmpdir(), "watchdog-path-"));
  const { child } = watchdog(shim, [], { PATH: emptyDir });
  await stopIsBounded(shim, child);
  rmSync(emptyDir, { recursive: true });
});
