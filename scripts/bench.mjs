#!/usr/bin/env node
// Runs every benchmark, one after the other, then prints a summary.
// A benchmark is any file directly in bench/ (compiled to dist/bench/<name>.js):
// running it with no arguments runs it. Shared code lives in bench/lib/, data in
// bench/requests/. A benchmark may print one JSON line per case,
// {"bench", "case", "ratio": {...}, "aims": {...}, ...}: the summary lists those.
//
// Usage: node scripts/bench.mjs [--filter <text>]... [--out <file.jsonl>] [--list]
//   --filter  run only files whose name contains the text (repeatable: any matches)
//   --out     also write every JSON line to this file
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
/** Past this a benchmark is stopped: every one should take a few minutes at most. */
const limitMs = 10 * 60_000;

const { values: args } = parseArgs({
  options: {
    filter: { type: "string", multiple: true, default: [] },
    out: { type: "string" },
    list: { type: "boolean", default: false },
  },
});

/** Compiled entry files whose source still exists (dist/ may hold outputs of deleted files). */
function benchFiles() {
  const dir = join(root, "dist/bench");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .filter((name) => existsSync(join(root, "bench", name.replace(/\.js$/, ".ts"))))
    .filter((name) => args.filter.length === 0 || args.filter.some((f) => name.includes(f)))
    .sort()
    .map((name) => join(dir, name));
}

/** Runs one file, echoing its output; resolves with its exit status and JSON lines. */
function runBench(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    const records = [];
    let pending = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const record = parseRecord(line);
        if (record) records.push(record);
      }
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const record = parseRecord(pending);
      if (record) records.push(record);
      resolve({
        file: basename(file),
        status: signal ? `killed (${signal})` : code === 0 ? "ok" : `exit ${code}`,
        seconds: (Date.now() - started) / 1000,
        records,
      });
    });
  });
}

function parseRecord(line) {
  if (!line.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line);
    return typeof value.bench === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function formatRatios(ratio = {}) {
  return Object.entries(ratio)
    .map(([key, value]) => `${key} ${typeof value === "number" ? value.toFixed(2) : value}`)
    .join(", ");
}

function formatAims(aims = {}) {
  return Object.entries(aims)
    .map(([aim, met]) => `${met ? "met" : "MISSED"}: ${aim}`)
    .join("; ");
}

function printSummary(runs) {
  console.log("\n==== benchmark summary ====");
  for (const run of runs) {
    console.log(`${run.file}: ${run.status} in ${run.seconds.toFixed(1)} s`);
    if (run.records.length === 0) console.log("  (no JSON result lines)");
    for (const record of run.records) {
      console.log(`  ${record.bench} / ${record.case}: ${formatRatios(record.ratio)}`);
      const aims = formatAims(record.aims);
      if (aims) console.log(`    ${aims}`);
    }
  }
  const missed = runs.flatMap((run) =>
    run.records.flatMap((r) =>
      Object.entries(r.aims ?? {})
        .filter(([, met]) => !met)
        .map(([aim]) => `${r.bench}/${r.case}: ${aim}`),
    ),
  );
  console.log(missed.length ? `aims missed: ${missed.length}` : "all stated aims met");
}

const files = benchFiles();
if (files.length === 0) {
  console.error(
    `no benchmark matches ${args.filter.join(", ") || "(none built: run npm run build)"}`,
  );
  process.exit(1);
}
if (args.list) {
  for (const file of files) console.log(basename(file));
  process.exit(0);
}
const built = spawnSync(process.execPath, ["scripts/build-go-peers.mjs"], {
  cwd: root,
  stdio: "inherit",
});
if (built.status !== 0) process.exit(built.status ?? 1);

const runs = [];
for (const file of files) {
  console.log(`\n==== ${basename(file)} ====`);
  runs.push(await runBench(file));
}
printSummary(runs);
if (args.out) {
  writeFileSync(
    args.out,
    `${runs.flatMap((run) => run.records.map((r) => JSON.stringify(r))).join("\n")}\n`,
  );
}
process.exit(runs.every((run) => run.status === "ok") ? 0 : 1);
