/**
 * The soak (`npm run soak`; not part of `npm test` nor of `npm run bench`): sustained load
 * through the real Go hosts at concurrency 64, each protocol against a fresh shim whose
 * resident memory is read from /proc meanwhile. A leak shows as RSS that keeps climbing once
 * the warm-up (JIT, heap growth) is over.
 *
 *   protocol 1  host-current (go-plugin 1.8.0, grafana-plugin-model), echo-legacy handler,
 *               bench/requests/small.json: at least 100 000 queries
 *   protocol 2  host-v2 -versions 2 (the SDK's pluginv2 clients, answers decoded as Grafana
 *               decodes them), echo-frames handler, plugin-v2-query's small case: at least
 *               50 000 queries
 *
 * Each shim first gets `--warmup` seconds of the same load, not counted (RSS jumps in the first
 * 10 s, then its floor still creeps up by 2-3 MiB over a minute or two and holds), then the
 * counted queries, for at least `--seconds` (a slope of 1 MiB/min cannot be told from the
 * allocator's noise in much less). Printed per protocol: queries, errors,
 * throughput, RSS at the end of the warm-up, at the end and its peak, and the slope of the RSS
 * floor after the warm-up: least squares over the lowest sample of each 2 s (single samples
 * jump by 10 MiB and more with the garbage collector), in MiB/min.
 * Aims: slope ≤ 1 MiB/min, 0 errors.
 *
 *   node dist/bench/soak/soak.js [--v1 100000] [--v2 50000] [--concurrency 64] [--warmup 60]
 *                                [--seconds 180] [--sample-ms 250] [--print-samples]
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanEnv } from "../../test/clean-env.js";
import { binDir, echoHandler, ensureGoPeers, shim } from "../lib/paths.js";
import { childPids, statusKiB } from "../lib/processes.js";
import { emit, fixed, printAims, printMachine, printTable } from "../lib/report.js";
import { writeHostRequests } from "../lib/requests.js";
import { round } from "../lib/stats.js";
import { echoFrames, ensureV2Peers, loadCases, writeRequests } from "../plugin-v2-query.bench.js";

const { values: args } = parseArgs({
  options: {
    v1: { type: "string", default: "100000" },
    v2: { type: "string", default: "50000" },
    concurrency: { type: "string", default: "64" },
    warmup: { type: "string", default: "60" },
    seconds: { type: "string", default: "180" },
    "sample-ms": { type: "string", default: "250" },
    "print-samples": { type: "boolean", default: false },
  },
});
const concurrency = Number(args.concurrency);
const warmupSec = Number(args.warmup);
const minSeconds = Number(args.seconds);
const sampleMs = Number(args["sample-ms"]);
const slopeAimMiBPerMin = 1;
const floorWindowMs = 2000;

interface Sample {
  readonly ms: number;
  readonly rssMiB: number;
}

interface Phase {
  readonly name: string;
  readonly host: string;
  readonly hostArgs: readonly string[];
  readonly requestsFile: string;
  readonly handler: string;
  readonly queries: number;
}

interface HostReport {
  readonly startMs: number;
  readonly count: number;
  readonly errors: number;
  readonly throughputPerSec: number;
}

/** The host's load mode (warm-up, then the counted part), the shim's RSS read meanwhile. */
function soak(p: Phase, tmp: string): Promise<{ report: HostReport; samples: Sample[] }> {
  const outFile = join(tmp, `${p.name}.out.json`);
  const hostArgs = [
    ...p.hostArgs,
    ...["-plugin", shim, "-requests", p.requestsFile, "-out", outFile, "-bench"],
    ...["-concurrency", String(concurrency), "-warmup", `${warmupSec}s`],
    ...["-count", String(p.queries), "-duration", `${minSeconds}s`],
    // A bound only: the run ends long before.
    ...["-timeout", "60m"],
  ];
  const env = cleanEnv({
    TMPDIR: tmp,
    GRAFANA_SHIM_HANDLER: p.handler,
    GRAFANA_SHIM_LOG_LEVEL: "warn",
  });
  const samples: Sample[] = [];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const host = execFile(
      join(binDir, p.host),
      hostArgs,
      { env, timeout: 65 * 60_000, maxBuffer: 1 << 26 },
      (error, _stdout, stderr) => {
        clearInterval(poll);
        if (error) reject(new Error(`${p.host} failed: ${error.message}\n${stderr}`));
        else resolve({ report: JSON.parse(readFileSync(outFile, "utf8")) as HostReport, samples });
      },
    );
    let pid: number | undefined;
    const poll = setInterval(() => {
      pid ??= host.pid === undefined ? undefined : childPids(host.pid)[0];
      const kib = pid === undefined ? Number.NaN : statusKiB(pid, "VmRSS");
      if (Number.isFinite(kib))
        samples.push({ ms: performance.now() - started, rssMiB: kib / 1024 });
    }, sampleMs);
  });
}

/** The lowest sample of each window: RSS without what the next collection frees. */
function floors(samples: readonly Sample[]): Sample[] {
  const byWindow = new Map<number, Sample>();
  for (const sample of samples) {
    const window = Math.floor(sample.ms / floorWindowMs);
    const low = byWindow.get(window);
    if (!low || sample.rssMiB < low.rssMiB) byWindow.set(window, sample);
  }
  return [...byWindow.values()];
}

/** Least-squares slope of RSS over time, in MiB per minute. */
function slopeMiBPerMin(samples: readonly Sample[]): number {
  const n = samples.length;
  if (n < 3) return Number.NaN;
  const meanT = samples.reduce((s, x) => s + x.ms, 0) / n;
  const meanR = samples.reduce((s, x) => s + x.rssMiB, 0) / n;
  let num = 0;
  let den = 0;
  for (const { ms, rssMiB } of samples) {
    num += (ms - meanT) * (rssMiB - meanR);
    den += (ms - meanT) ** 2;
  }
  return (num / den) * 60_000;
}

async function main(): Promise<void> {
  await ensureGoPeers();
  await ensureV2Peers();
  printMachine("soak");
  const tmp = mkdtempSync(join(tmpdir(), "soak-"));
  try {
    const phases: Phase[] = [
      {
        name: "protocol-1",
        host: "host-current",
        hostArgs: [],
        requestsFile: writeHostRequests("small", mkdtempSync(join(tmp, "v1-"))).file,
        handler: echoHandler,
        queries: Number(args.v1),
      },
      {
        name: "protocol-2",
        host: "host-v2",
        hostArgs: ["-versions", "2"],
        requestsFile: writeRequests(loadCases.small, mkdtempSync(join(tmp, "v2-"))),
        handler: echoFrames,
        queries: Number(args.v2),
      },
    ];
    for (const phase of phases) {
      if (phase.queries <= 0) continue;
      console.log(
        `\n${phase.name}: ${warmupSec} s of warm-up, then at least ${phase.queries} queries and ${minSeconds} s, at concurrency ${concurrency}…`,
      );
      const { report, samples } = await soak(phase, tmp);
      const lastMs = samples.at(-1)?.ms ?? 0;
      const after = samples.filter((s) => s.ms >= report.startMs + warmupSec * 1000);
      const slope = slopeMiBPerMin(floors(after));
      const peak = Math.max(...samples.map((s) => s.rssMiB));
      const figures = {
        queries: report.count,
        errors: report.errors,
        throughputPerSec: round(report.throughputPerSec, 0),
        seconds: round((lastMs - (after[0]?.ms ?? lastMs)) / 1000, 1),
        rssAfterWarmupMiB: round(after[0]?.rssMiB ?? Number.NaN, 1),
        rssEndMiB: round(samples.at(-1)?.rssMiB ?? Number.NaN, 1),
        rssPeakMiB: round(peak, 1),
        slopeMiBPerMin: round(slope, 2),
        samples: samples.length,
      };
      printTable(`${phase.name} (${phase.host})`, [
        ["queries", "errors", "per s", "s counted", "RSS warm MiB", "end", "peak", "slope MiB/min"],
        [
          String(figures.queries),
          String(figures.errors),
          fixed(figures.throughputPerSec, 0),
          fixed(figures.seconds),
          fixed(figures.rssAfterWarmupMiB),
          fixed(figures.rssEndMiB),
          fixed(figures.rssPeakMiB),
          fixed(figures.slopeMiBPerMin, 2),
        ],
      ]);
      const aims = {
        [`RSS slope after warm-up ≤ ${slopeAimMiBPerMin} MiB/min`]: slope <= slopeAimMiBPerMin,
        "0 errors": report.errors === 0 && report.count >= phase.queries,
      };
      printAims(aims);
      if (args["print-samples"]) {
        console.log(
          `  RSS samples (s MiB): ${samples.map((x) => `${fixed(x.ms / 1000)} ${fixed(x.rssMiB)}`).join(", ")}`,
        );
      }
      emit({ bench: "soak", case: phase.name, ratio: {}, aims, ...figures });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
