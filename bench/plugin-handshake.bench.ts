/**
 * Plugin start: time from exec to the go-plugin handshake line on stdout, for
 * the shim (bin/grafana-shim, which runs the bundle, and the tsc tree without it)
 * and the Go reference plugin, against `node -e 0` (time to exit: the floor of any
 * Node program). Runs are interleaved so noise hits all alike. Then where the tsc
 * tree's start goes: the packages its code imports (recorded in one start), each
 * timed as an import step in fresh processes.
 *
 *   node dist/bench/plugin-handshake.bench.js [--runs 20] [--breakdown-runs 7]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { cleanEnv } from "../test/clean-env.js";
import { ensureGoPeers, refPlugin, root, shim } from "./lib/paths.js";
import { hostVariables, shimVariables } from "./lib/plugin-env.js";
import { startPlugin, stopPlugin, timeToExit } from "./lib/processes.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { median, ratio, round, type Spread, spread } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    "breakdown-runs": { type: "string", default: "7" },
  },
});
const runs = Number(args.runs);
const breakdownRuns = Number(args["breakdown-runs"]);
/** The first rounds fill the file cache; they are not counted. */
const warmUp = 2;
const aimMs = 150;

async function handshakeMs(
  exe: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): Promise<number> {
  const started = await startPlugin(exe, env, 10_000, args);
  await stopPlugin(started.child);
  return started.handshakeMs;
}

/** The shim started from tsc's output, without the bundle bin/grafana-shim prefers. */
const tscTree = [join(root, "dist/src/cli/main.js")];

async function measureStarts(
  tmp: string,
): Promise<Record<"node" | "shim" | "tsc" | "go", number[]>> {
  const nodeEnv = cleanEnv({ TMPDIR: tmp });
  const shimEnv = cleanEnv({ TMPDIR: tmp, ...hostVariables, ...shimVariables });
  const goEnv = cleanEnv({ TMPDIR: tmp, ...hostVariables });
  const samples = {
    node: [] as number[],
    shim: [] as number[],
    tsc: [] as number[],
    go: [] as number[],
  };
  for (let i = 0; i < warmUp + runs; i++) {
    const node = await timeToExit(process.execPath, ["-e", "0"], nodeEnv);
    const viaShim = await handshakeMs(shim, shimEnv);
    const viaTsc = await handshakeMs(process.execPath, shimEnv, tscTree);
    const go = await handshakeMs(refPlugin, goEnv);
    if (i < warmUp) continue;
    samples.node.push(node);
    samples.shim.push(viaShim);
    samples.tsc.push(viaTsc);
    samples.go.push(go);
  }
  return samples;
}

const lib = join(root, "dist/bench/lib");

/** The packages the shim's code imports up to its handshake, in order (one recorded start). */
function importedPackages(tmp: string, env: NodeJS.ProcessEnv): string[] {
  const out = join(tmp, "imports.json");
  const preload = pathToFileURL(join(lib, "record-imports.js")).href;
  execFileSync(process.execPath, ["--import", preload, ...tscTree], {
    env: { ...env, BENCH_IMPORTS_OUT: out },
    stdio: "ignore",
    timeout: 30_000,
  });
  return JSON.parse(readFileSync(out, "utf8")) as string[];
}

interface Breakdown {
  /** Each step's median time and median share of its run's total. */
  readonly steps: { step: string; medianMs: number; share: number }[];
  /** Median over the runs of the sum of all steps. */
  readonly stepsMs: number;
  /** The shim's median start, measured interleaved with the steps. */
  readonly shimMedianMs: number;
}

/**
 * Each import step over `breakdownRuns` fresh processes, each run paired with a
 * shim start so that both see the same machine load. Shares are taken per run,
 * then the median: steady even when the load moves between runs.
 */
async function measureImports(tmp: string): Promise<Breakdown> {
  const shimEnv = cleanEnv({ TMPDIR: tmp, ...hostVariables, ...shimVariables });
  const packages = JSON.stringify(importedPackages(tmp, shimEnv));
  const runs: [string, number][][] = [];
  const starts: number[] = [];
  for (let i = 0; i < breakdownRuns; i++) {
    const out = execFileSync(process.execPath, [join(lib, "import-steps.js"), packages], {
      cwd: root,
      encoding: "utf8",
    });
    runs.push((JSON.parse(out) as [string, number | null][]).map(([step, ms]) => [step, ms ?? 0]));
    starts.push(await handshakeMs(process.execPath, shimEnv, tscTree));
  }
  const totals = runs.map((steps) => steps.reduce((sum, [, ms]) => sum + ms, 0));
  const steps = (runs[0] ?? []).map(([step], i) => ({
    step,
    medianMs: round(median(runs.map((steps) => steps[i]?.[1] ?? 0)), 1),
    share: round(median(runs.map((steps, r) => (steps[i]?.[1] ?? 0) / (totals[r] ?? 1)))),
  }));
  return { steps, stepsMs: round(median(totals), 1), shimMedianMs: round(median(starts), 1) };
}

function row(name: string, s: Spread, node: Spread, go: Spread): string[] {
  return [
    name,
    fixed(s.medianMs),
    fixed(s.p90Ms),
    fixed(s.minMs),
    times(s.medianMs / node.medianMs),
    times(s.medianMs / go.medianMs),
  ];
}

async function main(): Promise<void> {
  await ensureGoPeers();
  printMachine("plugin-handshake");
  const tmp = mkdtempSync(join(tmpdir(), "bench-handshake-"));
  try {
    const samples = await measureStarts(tmp);
    const node = spread(samples.node);
    const viaShim = spread(samples.shim);
    const viaTsc = spread(samples.tsc);
    const go = spread(samples.go);
    printTable(`plugin-handshake: exec → handshake line (node: exec → exit), ${runs} runs each`, [
      ["", "median ms", "p90 ms", "min ms", "/node", "/go"],
      row("node -e 0", node, node, go),
      row("shim", viaShim, node, go),
      row("shim, tsc tree", viaTsc, node, go),
      row("go ref-plugin-v1", go, node, go),
    ]);
    const aims = { [`shim median <= ${aimMs} ms`]: viaShim.medianMs <= aimMs };
    printAims(aims);
    emit({
      bench: "plugin-handshake",
      case: "start",
      node,
      shim: viaShim,
      shimTscTree: viaTsc,
      go,
      ratio: {
        shimOverNode: ratio(viaShim.medianMs, node.medianMs),
        shimOverGo: ratio(viaShim.medianMs, go.medianMs),
        shimP90OverNode: ratio(viaShim.p90Ms, node.p90Ms),
      },
      aims,
    });

    const breakdown = await measureImports(tmp);
    printTable(
      `plugin-handshake: where the shim's start goes (${breakdownRuns} fresh processes importing what plugin mode imports, in order)`,
      [
        ["step", "median ms", "share of all steps"],
        ...breakdown.steps.map((s) => [s.step, fixed(s.medianMs), `${fixed(100 * s.share, 0)}%`]),
        ["all steps", fixed(breakdown.stepsMs), ""],
        [
          "shim start from the tsc tree, paired runs (adds spawn, config, protos, bind)",
          fixed(breakdown.shimMedianMs),
          "",
        ],
      ],
    );
    emit({
      bench: "plugin-handshake",
      case: "start-breakdown",
      ...breakdown,
      ratio: { stepsOverShim: ratio(breakdown.stepsMs, breakdown.shimMedianMs) },
      aims: {},
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
