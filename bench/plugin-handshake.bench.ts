/**
 * Plugin start: time from exec to the go-plugin handshake line on stdout, for
 * the shim and the Go reference plugin, against `node -e 0` (time to exit: the
 * floor of any Node program). Runs are interleaved so noise hits all three alike.
 * Then where the shim's start goes: the cost of each import step in a fresh process.
 *
 *   node dist/bench/plugin-handshake.bench.js [--runs 20] [--breakdown-runs 7]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureGoPeers, refPlugin, root, shim } from "./lib/paths.js";
import { cleanEnv, hostVariables, shimVariables } from "./lib/plugin-env.js";
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

async function handshakeMs(exe: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = await startPlugin(exe, env);
  await stopPlugin(started.child);
  return started.handshakeMs;
}

async function measureStarts(tmp: string): Promise<Record<"node" | "shim" | "go", number[]>> {
  const nodeEnv = cleanEnv(tmp);
  const shimEnv = cleanEnv(tmp, { ...hostVariables, ...shimVariables });
  const goEnv = cleanEnv(tmp, hostVariables);
  const samples = { node: [] as number[], shim: [] as number[], go: [] as number[] };
  for (let i = 0; i < warmUp + runs; i++) {
    const node = await timeToExit(process.execPath, ["-e", "0"], nodeEnv);
    const viaShim = await handshakeMs(shim, shimEnv);
    const go = await handshakeMs(refPlugin, goEnv);
    if (i < warmUp) continue;
    samples.node.push(node);
    samples.shim.push(viaShim);
    samples.go.push(go);
  }
  return samples;
}

interface Breakdown {
  readonly steps: { step: string; medianMs: number }[];
  /** The shim's median start, measured interleaved with the steps. */
  readonly shimMedianMs: number;
}

/**
 * Median of each import step over `breakdownRuns` fresh processes, each run paired
 * with a shim start so that both see the same machine load.
 */
async function measureImports(tmp: string): Promise<Breakdown> {
  const child = join(root, "dist/bench/lib/import-steps.js");
  const shimEnv = cleanEnv(tmp, { ...hostVariables, ...shimVariables });
  const all: [string, number | null][][] = [];
  const starts: number[] = [];
  for (let i = 0; i < breakdownRuns; i++) {
    const out = execFileSync(process.execPath, [child], { cwd: root, encoding: "utf8" });
    all.push(JSON.parse(out) as [string, number | null][]);
    starts.push(await handshakeMs(shim, shimEnv));
  }
  const steps = (all[0] ?? []).map(([step], i) => ({
    step,
    medianMs: round(median(all.map((steps) => steps[i]?.[1] ?? Number.NaN)), 1),
  }));
  return { steps, shimMedianMs: round(median(starts), 1) };
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
    const go = spread(samples.go);
    printTable(`plugin-handshake: exec → handshake line (node: exec → exit), ${runs} runs each`, [
      ["", "median ms", "p90 ms", "min ms", "/node", "/go"],
      row("node -e 0", node, node, go),
      row("shim", viaShim, node, go),
      row("go ref-plugin-v1", go, node, go),
    ]);
    const aims = { [`shim median <= ${aimMs} ms`]: viaShim.medianMs <= aimMs };
    printAims(aims);
    emit({
      bench: "plugin-handshake",
      case: "start",
      node,
      shim: viaShim,
      go,
      ratio: {
        shimOverNode: ratio(viaShim.medianMs, node.medianMs),
        shimOverGo: ratio(viaShim.medianMs, go.medianMs),
        shimP90OverNode: ratio(viaShim.p90Ms, node.p90Ms),
      },
      aims,
    });

    const { steps, shimMedianMs } = await measureImports(tmp);
    const imported = steps.reduce(
      (sum, s) => sum + (Number.isFinite(s.medianMs) ? s.medianMs : 0),
      0,
    );
    const share = (ms: number) => `${fixed((100 * ms) / shimMedianMs, 0)}%`;
    printTable(
      `plugin-handshake: where the shim's start goes (medians of ${breakdownRuns} fresh processes; shim start ${fixed(shimMedianMs)} ms in the same rounds)`,
      [
        ["step", "ms", "share of shim start"],
        ...steps.map((s) => [s.step, fixed(s.medianMs), share(s.medianMs)]),
        [
          "rest (approx.): spawn, config, proto parsing, bind",
          fixed(shimMedianMs - imported),
          share(shimMedianMs - imported),
        ],
      ],
    );
    emit({
      bench: "plugin-handshake",
      case: "start-breakdown",
      steps,
      shimMedianMs,
      ratio: { importsOverShim: ratio(imported, shimMedianMs) },
      aims: {},
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
