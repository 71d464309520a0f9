/**
 * Protocol-1 Query under load through a real go-plugin host (`host-v101 -bench`, go-plugin
 * 1.0.1 as Grafana 6-7 had it, concurrency 8): the shim with the answer-spec handler, a bare
 * grpc-js plugin answering the same bytes, and the Go reference plugin, on the same request
 * files, in alternating rounds (forward, then reverse order). Then idle memory: VmRSS of each
 * plugin a second after its handshake. Each load is counted after 3 s of uncounted load (the
 * host's -warmup): JIT and heap growth are start-up costs, not per-query ones.
 *
 *   node dist/bench/plugin-query.bench.js [--case small|medium|idle-rss] [--duration 5]
 *        [--warmup 3] [--rounds 2] [--concurrency 8] [--host host-v101|host-current]
 *        [--shim-before <another build's bin/grafana-shim>]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanEnv } from "../test/clean-env.js";
import { barePlugin } from "./lib/bare-grpc-plugin.js";
import { runLoad } from "./lib/go-host.js";
import { alternateSides, type LoadSide, loadRows, shimBareGo } from "./lib/load-summary.js";
import { ensureGoPeers, packagedLauncher, refPlugin } from "./lib/paths.js";
import { hostVariables, shimVariables } from "./lib/plugin-env.js";
import { idleRssMiB } from "./lib/processes.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { writeHostRequests } from "./lib/requests.js";
import { ratio } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    case: { type: "string" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "3" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "8" },
    host: { type: "string", default: "host-v101" },
    "rss-runs": { type: "string", default: "3" },
    "shim-before": { type: "string" },
  },
});
const durationSec = Number(args.duration);
const warmupSec = Number(args.warmup);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);
const loadCases = ["small", "medium"];
const wanted = (name: string) => args.case === undefined || args.case === name;

/**
 * The sides of a load case: the shim as its packaged executables run it, a bare grpc-js
 * plugin answering the same bytes (what grpc-js and Node cost alone), the Go reference
 * plugin, and with --shim-before another build of the shim as bin/grafana-shim runs it.
 */
function sides(tmp: string, requestsFile: string): LoadSide[] {
  const bare = barePlugin(tmp, 1, requestsFile);
  const list: LoadSide[] = [
    { label: "shim", exe: packagedLauncher(tmp), env: cleanEnv({ TMPDIR: tmp, ...shimVariables }) },
    { label: "bare grpc-js", exe: bare.exe, env: cleanEnv({ TMPDIR: tmp, ...bare.env }) },
    { label: "go ref-plugin-v1", exe: refPlugin, env: cleanEnv({ TMPDIR: tmp }) },
  ];
  const before = args["shim-before"];
  if (before) list.push({ label: "shim before", exe: before, env: list[0]?.env ?? {} });
  return list;
}

async function loadCase(name: string, tmp: string): Promise<void> {
  const { file, comment } = writeHostRequests(name, tmp);
  const summary = await alternateSides(sides(tmp, file), rounds, 0, (side, run) => {
    const outFile = join(tmp, `${name}-${run}.out.json`);
    const o = { host: args.host, plugin: side.exe, env: side.env, requestsFile: file, outFile };
    return runLoad({ ...o, concurrency, durationSec, warmupSec });
  });
  const {
    shim: viaShim,
    vsGo: r,
    toBare,
    bareVsGo,
    lines,
  } = shimBareGo(summary, "shim", "go ref-plugin-v1");
  printTable(
    `plugin-query ${name}: ${comment}\n  via ${args.host} -bench, concurrency ${concurrency}, ${rounds} × ${durationSec} s per side (after ${warmupSec} s uncounted)`,
    loadRows(summary, lines, 0),
  );
  const aims = {
    "shim p50 <= 2x go": r.p50 <= 2,
    "shim throughput >= 0.5x go": r.throughput >= 0.5,
    "shim peak RSS <= 100 MiB": viaShim.peakRssMiB <= 100,
    "no errors": [...summary.values()].every((s) => s.errors === 0),
  };
  printAims(aims);
  emit({
    bench: "plugin-query",
    case: name,
    host: args.host,
    concurrency,
    durationSec,
    warmupSec,
    ...Object.fromEntries(summary),
    ratio: r,
    ratioToBare: toBare,
    bareRatio: bareVsGo,
    aims,
  });
}

/** VmRSS a second after the handshake, median over a few starts. */
async function idleRss(tmp: string): Promise<void> {
  const runs = Number(args["rss-runs"]);
  const viaShim = await idleRssMiB(
    packagedLauncher(tmp),
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
  const aims = { "shim idle RSS <= 60 MiB": viaShim <= 60 };
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
