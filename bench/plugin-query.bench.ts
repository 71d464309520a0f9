/**
 * Protocol-1 Query under load through a real go-plugin host (`host-current -bench`,
 * concurrency 8): the shim with the answer-spec handler against the Go reference
 * plugin, on the same request files, in alternating rounds (shim, Go, Go, shim, ...).
 * Then idle memory: VmRSS of each plugin a second after its handshake.
 *
 *   node dist/bench/plugin-query.bench.js [--case small|medium|idle-rss] [--duration 5]
 *        [--rounds 2] [--concurrency 8] [--host host-current|host-v101]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanEnv } from "../test/clean-env.js";
import { type LoadResult, runLoad } from "./lib/go-host.js";
import { type LoadSummary, summarizeLoad } from "./lib/load-summary.js";
import { ensureGoPeers, refPlugin, shim } from "./lib/paths.js";
import { hostVariables, shimVariables } from "./lib/plugin-env.js";
import { idleRssMiB } from "./lib/processes.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { writeHostRequests } from "./lib/requests.js";
import { ratio } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    case: { type: "string" },
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "8" },
    host: { type: "string", default: "host-current" },
    "rss-runs": { type: "string", default: "3" },
  },
});
const durationSec = Number(args.duration);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);
const loadCases = ["small", "medium"];
const wanted = (name: string) => args.case === undefined || args.case === name;

type Side = "shim" | "go";

type Summary = LoadSummary;

/** Latencies and throughput averaged over the rounds; counts summed. */
const summarize = (results: readonly LoadResult[]): Summary => summarizeLoad(results, 0);

async function loadCase(name: string, tmp: string): Promise<void> {
  const { file, comment } = writeHostRequests(name, tmp);
  const plugins: Record<Side, { exe: string; env: NodeJS.ProcessEnv }> = {
    shim: { exe: shim, env: cleanEnv({ TMPDIR: tmp, ...shimVariables }) },
    go: { exe: refPlugin, env: cleanEnv({ TMPDIR: tmp }) },
  };
  const results: Record<Side, LoadResult[]> = { shim: [], go: [] };
  // ABBA order: neither side always runs first (or on a warmer machine).
  const order: Side[] = Array.from({ length: rounds }, (_, i): Side[] =>
    i % 2 === 0 ? ["shim", "go"] : ["go", "shim"],
  ).flat();
  for (const [i, side] of order.entries()) {
    const { exe, env } = plugins[side];
    results[side].push(
      await runLoad({
        host: args.host,
        plugin: exe,
        env,
        requestsFile: file,
        outFile: join(tmp, `${name}-${i}.out.json`),
        concurrency,
        durationSec,
      }),
    );
  }
  const viaShim = summarize(results.shim);
  const go = summarize(results.go);
  const r = {
    p50: ratio(viaShim.p50Ms, go.p50Ms),
    p99: ratio(viaShim.p99Ms, go.p99Ms),
    mean: ratio(viaShim.meanMs, go.meanMs),
    throughput: ratio(viaShim.throughputPerSec, go.throughputPerSec),
    peakRss: ratio(viaShim.peakRssMiB, go.peakRssMiB),
  };
  const line = (label: string, s: Summary) => [
    label,
    fixed(s.p50Ms, 3),
    fixed(s.p99Ms, 3),
    fixed(s.meanMs, 3),
    fixed(s.throughputPerSec, 0),
    String(s.count),
    String(s.errors),
    fixed(s.peakRssMiB),
  ];
  printTable(
    `plugin-query ${name}: ${comment}\n  via ${args.host} -bench, concurrency ${concurrency}, ${rounds} × ${durationSec} s per side`,
    [
      ["", "p50 ms", "p99 ms", "mean ms", "req/s", "requests", "errors", "peak RSS MiB"],
      line("shim", viaShim),
      line("go ref-plugin-v1", go),
      [
        "shim/go",
        times(r.p50),
        times(r.p99),
        times(r.mean),
        times(r.throughput),
        "",
        "",
        times(r.peakRss),
      ],
    ],
  );
  const aims = {
    "shim p50 <= 2x go": r.p50 <= 2,
    "shim throughput >= 0.5x go": r.throughput >= 0.5,
    "no errors": viaShim.errors === 0 && go.errors === 0,
  };
  printAims(aims);
  emit({
    bench: "plugin-query",
    case: name,
    host: args.host,
    concurrency,
    durationSec,
    shim: viaShim,
    go,
    ratio: r,
    aims,
  });
}

/** VmRSS a second after the handshake, median over a few starts. */
async function idleRss(tmp: string): Promise<void> {
  const runs = Number(args["rss-runs"]);
  const viaShim = await idleRssMiB(
    shim,
    cleanEnv({ TMPDIR: tmp, ...hostVariables, ...shimVariables }),
    runs,
  );
  const go = await idleRssMiB(refPlugin, cleanEnv({ TMPDIR: tmp, ...hostVariables }), runs);
  const shimOverGo = ratio(viaShim, go);
  printTable(
    `plugin-query idle-rss: VmRSS 1 s after the handshake, median of ${args["rss-runs"]} starts`,
    [
      ["", "MiB"],
      ["shim", fixed(viaShim)],
      ["go ref-plugin-v1", fixed(go)],
      ["shim/go", times(shimOverGo)],
    ],
  );
  const aims = { "shim idle RSS <= 80 MiB": viaShim <= 80 };
  printAims(aims);
  emit({
    bench: "plugin-query",
    case: "idle-rss",
    shim: { vmRssMiB: viaShim },
    go: { vmRssMiB: go },
    ratio: { rss: shimOverGo },
    aims,
  });
}

async function main(): Promise<void> {
  await ensureGoPeers();
  printMachine("plugin-query");
  const tmp = mkdtempSync(join(tmpdir(), "bench-query-"));
  try {
    for (const name of loadCases) if (wanted(name)) await loadCase(name, tmp);
    if (wanted("idle-rss")) await idleRss(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
