#!/usr/bin/env node
// Runs the whole suite: builds the Go peers, then every compiled test file; then the peer
// suites (test/peers/) once more on a standalone executable, so that the runtime
// `grafana-shim package` embeds is a tested one (where this machine can run that runtime),
// and once more on the linux_arm64 executable under qemu-user (on amd64 Linux).
// Usage: node scripts/test.mjs [name-filter]
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv[2] ?? "";

// CI stops a run at 90 minutes; a hang must fail here first, and say so.
const suiteTimeoutMs = 75 * 60 * 1000;

function run(cmd, args, env = process.env) {
  const result = spawnSync(cmd, args, {
    cwd: root,
    env,
    stdio: "inherit",
    timeout: suiteTimeoutMs,
    killSignal: "SIGKILL",
  });
  if (result.error?.code === "ETIMEDOUT")
    console.error(`test run stopped after ${suiteTimeoutMs / 60000} minutes`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith(".test.js") && path.includes(filter) ? [path] : [];
  });
}

run(process.execPath, ["scripts/build-go-peers.mjs"]);
const files = testFiles(join(root, "dist/test")).sort();
if (files.length === 0) {
  console.error(`no test files match "${filter}"`);
  process.exit(1);
}
// One stuck test (a child that never answers) fails after 5 minutes instead of holding the run.
// No --test-force-exit: with it, Node drops finished suites from the report and still exits 0.
const testArgs = ["--test", "--test-concurrency=2", "--test-timeout=300000"];
run(process.execPath, [...testArgs, ...files]);

const peerSuites = files.filter((file) => /[\\/]peers[\\/][^\\/]*$/.test(file));
if (peerSuites.length > 0 && !process.env.GRAFANA_SHIM_TEST_EXECUTABLE) {
  const { localTarget } = await import("../dist/src/cli/package-standalone.js");
  const { runtimeVersion } = await import("../dist/src/cli/standalone-runtime.js");
  const target = localTarget();
  if (target === undefined) {
    console.error(
      `no standalone run of the peer suites: Node.js ${runtimeVersion} from npm does not run here`,
    );
  } else {
    const exe = join(root, "test/.bin/grafana-shim-standalone");
    await peerRunOn(target, exe, target.target, { GRAFANA_SHIM_TEST_EXECUTABLE: exe });
    await arm64Run();
  }
}

// A third time on the linux_arm64 executable, under qemu-user (installed with apt-get).
async function arm64Run() {
  const { ensureArm64Emulation, writeEmulatedLauncher } = await import(
    "../dist/test/peers/emulated-arm64.js"
  );
  const { standaloneTargets } = await import("../dist/src/cli/standalone-runtime.js");
  const emulation = ensureArm64Emulation();
  if (!emulation.ok) {
    console.error(`no linux_arm64 run of the peer suites: ${emulation.why}`);
    return;
  }
  const target = standaloneTargets.find((t) => t.target === "linux_arm64");
  const exe = join(root, "test/.bin/grafana-shim-standalone-arm64");
  const launcher = join(root, "test/.bin/grafana-shim-standalone-arm64-qemu");
  writeEmulatedLauncher(exe, launcher);
  await peerRunOn(target, exe, "linux_arm64 under qemu-aarch64", {
    GRAFANA_SHIM_TEST_EXECUTABLE: launcher,
    GRAFANA_SHIM_TEST_PROCESS: exe,
  });
}

// Writes the standalone executable of `target` to `exe`, then runs the peer suites with `env`
// added (the variables that point them at it).
async function peerRunOn(target, exe, label, env) {
  const { writeStandalone } = await import("../dist/src/cli/package-standalone.js");
  const { runtimeVersion } = await import("../dist/src/cli/standalone-runtime.js");
  const { bytes } = await writeStandalone(target, exe);
  console.error(
    `the peer suites again, on ${exe} (${label}, Node.js ${runtimeVersion}, ${(bytes / 2 ** 20).toFixed(1)} MiB)`,
  );
  run(process.execPath, [...testArgs, ...peerSuites], { ...process.env, ...env });
}
