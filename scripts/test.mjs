#!/usr/bin/env node
// Runs the whole suite: builds the Go peers, then every compiled test file.
// Usage: node scripts/test.mjs [name-filter]
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv[2] ?? "";

// CI stops a run at 90 minutes; a hang must fail here first, and say so.
const suiteTimeoutMs = 75 * 60 * 1000;

function run(cmd, args) {
  const result = spawnSync(cmd, args, {
    cwd: root,
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
run(process.execPath, [
  "--test",
  "--test-concurrency=2",
  "--test-timeout=300000",
  "--test-force-exit",
  ...files,
]);
