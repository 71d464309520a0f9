/**
 * Frame codec benchmark: the shim's TypeScript codecs against grafana-plugin-sdk-go on the
 * same frames (10 series × 100 000 points; a 20-column × 100 000-row mixed table).
 * Each side runs in its own process per case so peak RSS is per case.
 *
 *   node dist/bench/frames-go.js [--rows N] [--reps N] [--rounds N] [--case series|table] [--json]
 *                                [--packaged] [--runtime current|embedded]
 *
 * `--packaged` runs the TypeScript side under the V8 flags the packaged plugin runs with
 * (pluginNodeFlags: a small young generation; with `--runtime embedded`, the standalone
 * executables' standaloneNodeFlags), instead of Node's defaults. `--runtime
 * embedded` runs it on the Node 24 the standalone executables embed; with `--packaged`, that
 * is how a standalone plugin runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { frameFromArrow, frameToArrow } from "../src/frames/arrow/frames.js";
import { frameFromJSON, frameToJSON } from "../src/frames/json/frames.js";
import type { Frame } from "../src/model/frame.js";
import { emit, printAims, printMachine } from "./lib/report.js";
import { benchRuntime, type Runtime } from "./lib/runtime.js";
import { ratio } from "./lib/stats.js";

interface Result {
  readonly case: string;
  readonly op: string;
  readonly medianMs: number;
  readonly pointsPerSec: number;
  readonly bytes: number;
  readonly peakRssKiB: number;
}

interface Dump {
  readonly arrow: string[];
  readonly json: string[]; // frame JSON text as the SDK wrote it
  readonly points: number;
}

const root = new URL("../../", import.meta.url).pathname;
const oracle = join(root, "test/.bin/frames-oracle");
const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    reps: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    case: { type: "string" },
    json: { type: "boolean", default: false },
    packaged: { type: "boolean", default: false },
    runtime: { type: "string", default: "current" },
    child: { type: "string" }, // internal: time the TypeScript side of one dumped case
  },
});
const reps = Number(args.reps);
const rounds = Number(args.rounds);

function run(command: string, argv: readonly string[], cwd = root): string {
  const result = spawnSync(command, argv, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function median(runs: number[]): number {
  const sorted = [...runs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Times `op` (after one warm-up); returns the median and the bytes it handled. */
function time(name: string, caseName: string, points: number, op: () => number): Result {
  op();
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < reps; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    bytes = op();
    runs.push(performance.now() - started);
  }
  const medianMs = median(runs);
  const peakRssKiB = process.resourceUsage().maxRSS;
  return {
    case: caseName,
    op: name,
    medianMs,
    pointsPerSec: points / (medianMs / 1000),
    bytes,
    peakRssKiB,
  };
}

function sum<T>(items: readonly T[], size: (item: T) => number): number {
  return items.reduce((total, item) => total + size(item), 0);
}

/** Child mode: decode the dump once to get frames, then time the four operations. */
function timeTypeScript(dumpFile: string, caseName: string): Result[] {
  const dump = JSON.parse(readFileSync(dumpFile, "utf8")) as Dump;
  const arrow = dump.arrow.map((b64) => new Uint8Array(Buffer.from(b64, "base64")));
  const json = dump.json;
  const frames: Frame[] = arrow.map((bytes) => frameFromArrow(bytes.slice()));
  const p = dump.points;
  return [
    time("arrow-encode", caseName, p, () => sum(frames, (f) => frameToArrow(f).length)),
    time("arrow-decode", caseName, p, () =>
      sum(arrow, (b) => frameFromArrow(b).fields.length && b.length),
    ),
    time("json-encode", caseName, p, () => sum(frames, (f) => frameToJSON(f).length)),
    time("json-decode", caseName, p, () =>
      sum(json, (t) => frameFromJSON(t).fields.length && t.length),
    ),
  ];
}

function timeGo(caseName: string): Result[] {
  const lines = run(oracle, [
    "bench",
    "-case",
    caseName,
    "-reps",
    String(reps),
    "-rows",
    args.rows,
  ]);
  return lines
    .trim()
    .split("\n")
    .map((line) => {
      const r = JSON.parse(line) as Result & { vmHWMKiB: number };
      return { ...r, peakRssKiB: r.vmHWMKiB };
    });
}

function printTable(caseName: string, go: Result[], ts: Result[]): void {
  const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);
  console.log(
    `\n${caseName}: Go peak RSS ${fmt(Math.max(...go.map((r) => r.peakRssKiB)) / 1024)} MiB, TypeScript ${fmt(Math.max(...ts.map((r) => r.peakRssKiB)) / 1024)} MiB`,
  );
  console.log("op              Go ms    TS ms    TS/Go   Go Mpt/s  TS Mpt/s   Go bytes   TS bytes");
  for (const g of go) {
    const t = ts.find((r) => r.op === g.op);
    if (!t) continue;
    console.log(
      `${g.op.padEnd(12)}${fmt(g.medianMs)}${fmt(t.medianMs)}${fmt(t.medianMs / g.medianMs, 2)}` +
        `${fmt(g.pointsPerSec / 1e6, 2)}${fmt(t.pointsPerSec / 1e6, 2)}${String(g.bytes).padStart(11)}${String(t.bytes).padStart(11)}`,
    );
  }
}

/** The aims, as ceilings on TypeScript time ÷ Go time in the same run. */
const aimCeilings: Readonly<Record<string, number>> = {
  "arrow-encode": 1.0,
  "arrow-decode": 1.0,
  "json-encode": 1.2,
  "json-decode": 1.2,
};

function report(caseName: string, go: Result[], ts: Result[]): void {
  for (const g of go) {
    const t = ts.find((r) => r.op === g.op);
    if (!t) continue;
    const vsGo = ratio(t.medianMs, g.medianMs);
    const ceiling = aimCeilings[g.op];
    const aims = ceiling === undefined ? {} : { [`${g.op} TS/Go <= ${ceiling}`]: vsGo <= ceiling };
    printAims(aims);
    emit({
      bench: "frames-go",
      case: `${caseName}/${g.op}`,
      ratio: { go: vsGo },
      aims,
      goMs: g.medianMs,
      tsMs: t.medianMs,
      goPeakRssKiB: g.peakRssKiB,
      tsPeakRssKiB: t.peakRssKiB,
    });
  }
}

function timeTypeScriptChild(runtime: Runtime, dumpFile: string, caseName: string): Result[] {
  const self = new URL(import.meta.url).pathname;
  const flags = args.packaged ? runtime.packagedFlags : [];
  const argv = [
    "--expose-gc",
    ...flags,
    self,
    "--reps",
    String(reps),
    "--child",
    `${dumpFile}#${caseName}`,
  ];
  return run(runtime.path, argv)
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Result);
}

/** Per operation, the round with the median time (its other figures with it). */
function medianOfRounds(rounds: readonly Result[][]): Result[] {
  return (rounds[0] ?? []).map((first) => {
    const same = rounds
      .map((results) => results.find((r) => r.op === first.op))
      .filter((r): r is Result => r !== undefined)
      .sort((a, b) => a.medianMs - b.medianMs);
    return same[Math.floor(same.length / 2)] ?? first;
  });
}

async function main(): Promise<void> {
  if (args.child) {
    const [file, caseName] = args.child.split("#");
    for (const r of timeTypeScript(file!, caseName!)) console.log(JSON.stringify(r));
    return;
  }
  const runtime = await benchRuntime(args.runtime);
  if (!existsSync(oracle)) run(process.execPath, ["scripts/build-go-peers.mjs"]);
  if (!args.json) printMachine("frames-go");
  if (!args.json) {
    const flags = args.packaged ? ` under ${runtime.packagedFlags.join(" ")}` : "";
    console.log(`TypeScript side on Node.js ${runtime.version}${flags}`);
  }
  const dir = mkdtempSync(join(tmpdir(), "frames-bench-"));
  try {
    for (const caseName of args.case ? [args.case] : ["series", "table"]) {
      run(oracle, ["bench", "-case", caseName, "-rows", args.rows, "-dump", dir]);
      // Go and TypeScript in alternating rounds, so a busy minute on the shared machine
      // weighs on both sides; each figure is the median over the rounds.
      const goRounds: Result[][] = [];
      const tsRounds: Result[][] = [];
      for (let round = 0; round < rounds; round++) {
        goRounds.push(timeGo(caseName));
        tsRounds.push(timeTypeScriptChild(runtime, join(dir, `${caseName}.json`), caseName));
      }
      const go = medianOfRounds(goRounds);
      const ts = medianOfRounds(tsRounds);
      if (args.json)
        for (const r of [
          ...go.map((g) => ({ ...g, side: "go" })),
          ...ts.map((t) => ({ ...t, side: "ts" })),
        ]) {
          console.log(JSON.stringify(r));
        }
      else {
        printTable(caseName, go, ts);
        report(caseName, go, ts);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
