/**
 * Protocol-2 QueryData through a real go-plugin host with the SDK's pluginv2 clients
 * (`host-v2 -bench`, as Grafana 8+; every answer decoded as Grafana decodes it): the
 * shim running the echo-frames twin against the Go reference plugin (ref-plugin-v2), on
 * the same requests (test/go/ANSWER-SPEC-V2.md), in alternating rounds (shim, Go, Go, shim).
 *
 *   large  one query answered with 10 frames × 100 000 rows (time + float64), concurrency 1
 *   small  one query answered with one 10-point frame given as frame JSON, concurrency 8
 *
 * Each measurement follows 1 s of uncounted load (host-v2 -warmup): JIT and heap growth
 * are start-up costs (see plugin-handshake), not per-query ones.
 *
 * Besides latency and throughput: each plugin's peak RSS and CPU time per request (from
 * /proc, over the middle of the load), so the figures say what the shim costs even when
 * the 2 cores are shared with the host.
 *
 *   node dist/bench/plugin-v2-query.bench.js [--case large|small] [--duration <s>] [--rounds 2]
 *
 * Also the module the profile benchmark (plugin-v2-profile) takes its requests and load
 * runner from; it runs only when executed itself.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { cleanEnv } from "../test/clean-env.js";
import { type LoadSummary, summarizeLoad } from "./lib/load-summary.js";
import { binDir, ensureGoPeers, root, shim } from "./lib/paths.js";
import { childPids, statusKiB } from "./lib/processes.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { mean, ratio, round } from "./lib/stats.js";

export const refPluginV2 = join(binDir, "ref-plugin-v2");
export const hostV2 = join(binDir, "host-v2");
export const echoFrames = join(root, "dist/test/handlers/echo-frames.js");

type Json = Record<string, unknown>;

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

/** What Grafana 11 sends with every query: a plugin context with datasource settings. */
const pluginContext: Json = {
  orgId: "1",
  pluginId: "grafana-shim-bench",
  pluginVersion: "1.0.0",
  userAgent: "Grafana/11.3.0 (linux; amd64)",
  user: { login: "admin", name: "Admin", email: "admin@example.com", role: "Admin" },
  dataSourceInstanceSettings: {
    id: "3",
    uid: "bench",
    name: "bench",
    url: "http://localhost:3333/api",
    jsonData: base64({ timeout: 30 }),
    lastUpdatedMS: "1700000000000",
  },
  grafanaConfig: { concurrent_query_count: "4" },
};

/** A QueryDataRequest in proto JSON (bytes as base64): host-v2 and protobufjs both read it. */
function queryDataRequest(refId: string, maxDataPoints: number, answer: Json): Json {
  return {
    pluginContext,
    headers: { "http_X-Dashboard-Uid": "bench" },
    queries: [
      {
        refId,
        maxDataPoints: String(maxDataPoints),
        intervalMS: "1000",
        timeRange: { fromEpochMS: "1699978400000", toEpochMS: "1700000000000" },
        json: base64({ refId, target: "cpu", answer }),
      },
    ],
  };
}

/** One 10-point series as SDK frame JSON: what a single-stat panel asks for. */
const smallFrame = {
  schema: {
    name: "cpu",
    fields: [
      { name: "time", type: "time", typeInfo: { frame: "time.Time" } },
      { name: "value", type: "number", typeInfo: { frame: "float64" } },
    ],
  },
  data: {
    values: [
      Array.from({ length: 10 }, (_, i) => 1699999400000 + i * 60_000),
      [50, 53.399, 56.795, 60.183, 63.56, 66.922, 60.266, 63.587, 66.883, 70.149],
    ],
  },
};

export interface LoadCase {
  readonly name: string;
  readonly comment: string;
  readonly request: Json;
  readonly concurrency: number;
  readonly durationSec: number;
}

export const loadCases: Record<"large" | "small", LoadCase> = {
  large: {
    name: "large",
    comment: "one query answered with 10 frames × 100 000 rows (time + float64): 1 000 000 points",
    request: queryDataRequest("A", 100_000, {
      generate: Array.from({ length: 10 }, (_, i) => ({
        name: `series-${i}`,
        rows: 100_000,
        fields: [{ type: "time" }, { type: "float64" }],
      })),
    }),
    concurrency: 1,
    durationSec: 4,
  },
  small: {
    name: "small",
    comment: "one query answered with one 10-point frame (given as frame JSON)",
    request: queryDataRequest("A", 100, { frames: [smallFrame] }),
    concurrency: 8,
    durationSec: 4,
  },
};

export interface LoadResult {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly throughputPerSec: number;
  /** Peak resident memory (VmHWM) of the plugin, KiB. */
  readonly peakRssKiB: number;
  /** Plugin CPU time (user + system) per request over the middle of the load, µs. */
  readonly cpuUsPerRequest: number;
}

interface CpuSample {
  readonly ms: number;
  readonly ticks: number;
}

/** utime + stime of a process in clock ticks (1/100 s on Linux); NaN once it is gone. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/** CPU per request over the counted part of the load, less 0.2 s at either end. */
function cpuPerRequest(
  samples: readonly CpuSample[],
  startMs: number,
  o: LoadOptions,
  rps: number,
) {
  const from = startMs + o.warmupSec * 1000 + 200;
  const to = startMs + (o.warmupSec + o.durationSec) * 1000 - 200;
  const inside = samples.filter((s) => s.ms >= from && s.ms <= to && Number.isFinite(s.ticks));
  const first = inside[0];
  const last = inside.at(-1);
  if (!first || !last || last.ms - first.ms < 500) return Number.NaN;
  const cpuUs = (last.ticks - first.ticks) * 10_000;
  return round(cpuUs / (((last.ms - first.ms) / 1000) * rps), 1);
}

export interface LoadOptions {
  readonly plugin: string;
  readonly env: NodeJS.ProcessEnv;
  readonly requestsFile: string;
  readonly outFile: string;
  readonly concurrency: number;
  /** Load before the counted part (JIT, heap growth), not counted. */
  readonly warmupSec: number;
  readonly durationSec: number;
}

/** `host-v2 -bench`: the host starts the plugin, loads it, and reports; /proc is read meanwhile. */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const args = [
    ...["-plugin", o.plugin, "-requests", o.requestsFile, "-out", o.outFile, "-bench"],
    ...["-concurrency", String(o.concurrency), "-duration", `${o.durationSec}s`],
    ...["-warmup", `${o.warmupSec}s`, "-timeout", `${o.warmupSec + o.durationSec + 60}s`],
  ];
  const started = performance.now();
  const samples: CpuSample[] = [];
  let peakRssKiB = Number.NaN;
  return new Promise((resolve, reject) => {
    const host = execFile(
      hostV2,
      args,
      { env: o.env, timeout: (o.warmupSec + o.durationSec + 90) * 1000 },
      (error, _stdout, stderr) => {
        clearInterval(poll);
        if (error) {
          reject(new Error(`host-v2 -bench with ${o.plugin} failed: ${error.message}\n${stderr}`));
          return;
        }
        const report = JSON.parse(readFileSync(o.outFile, "utf8")) as Json;
        const number = (key: string) => Number(report[key]);
        resolve({
          count: number("count"),
          errors: number("errors"),
          p50Ms: number("p50Ms"),
          p99Ms: number("p99Ms"),
          meanMs: number("meanMs"),
          throughputPerSec: number("throughputPerSec"),
          peakRssKiB,
          cpuUsPerRequest: cpuPerRequest(samples, number("startMs"), o, number("throughputPerSec")),
        });
      },
    );
    let pid: number | undefined;
    const poll = setInterval(() => {
      pid ??= host.pid === undefined ? undefined : childPids(host.pid)[0];
      if (pid === undefined) return;
      const kib = statusKiB(pid, "VmHWM");
      if (Number.isFinite(kib)) peakRssKiB = kib;
      samples.push({ ms: performance.now() - started, ticks: cpuTicks(pid) });
    }, 100);
  });
}

/** Writes the host's -requests file for a case. */
export function writeRequests(c: LoadCase, dir: string): string {
  const file = join(dir, `${c.name}.requests.json`);
  writeFileSync(file, JSON.stringify([c.request]));
  return file;
}

/** The shim as the benchmarks run it: the twin handler, warn level (no per-query logs). */
export const shimEnv = (tmp: string) =>
  cleanEnv({ TMPDIR: tmp, GRAFANA_SHIM_HANDLER: echoFrames, GRAFANA_SHIM_LOG_LEVEL: "warn" });

export async function ensureV2Peers(): Promise<void> {
  await ensureGoPeers();
  if ([hostV2, refPluginV2].every((exe) => existsSync(exe))) return;
  const { spawnSync } = await import("node:child_process");
  const built = spawnSync(process.execPath, [join(root, "scripts/build-go-peers.mjs")], {
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("could not build the Go peers");
}

type Side = "shim" | "go";

interface Summary extends LoadSummary {
  readonly cpuUsPerRequest: number;
}

/** Latencies, throughput and CPU averaged over the rounds; counts summed. */
function summarize(results: readonly LoadResult[]): Summary {
  const cpuUsPerRequest = round(mean(results.map((r) => r.cpuUsPerRequest)), 1);
  return { ...summarizeLoad(results, 1), cpuUsPerRequest };
}

/** Seconds of uncounted load before each measurement. */
export const warmupSec = 1;

async function measure(c: LoadCase, tmp: string, rounds: number, durationSec: number) {
  const requestsFile = writeRequests(c, tmp);
  const plugins: Record<Side, { exe: string; env: NodeJS.ProcessEnv }> = {
    shim: { exe: shim, env: shimEnv(tmp) },
    go: { exe: refPluginV2, env: cleanEnv({ TMPDIR: tmp }) },
  };
  const results: Record<Side, LoadResult[]> = { shim: [], go: [] };
  // ABBA order: neither side always runs first (or on a warmer machine).
  const order = Array.from({ length: rounds }, (_, i): Side[] =>
    i % 2 === 0 ? ["shim", "go"] : ["go", "shim"],
  ).flat();
  for (const [i, side] of order.entries()) {
    const { exe, env } = plugins[side];
    const outFile = join(tmp, `${c.name}-${i}.out.json`);
    const o = {
      ...{ plugin: exe, env, requestsFile, outFile },
      ...{ concurrency: c.concurrency, warmupSec, durationSec },
    };
    results[side].push(await runLoad(o));
  }
  return { shim: summarize(results.shim), go: summarize(results.go) };
}

function printCase(c: LoadCase, s: Summary, go: Summary, r: Record<string, number>, title: string) {
  const line = (label: string, x: Summary) => [
    label,
    fixed(x.p50Ms, 3),
    fixed(x.p99Ms, 3),
    fixed(x.meanMs, 3),
    fixed(x.throughputPerSec, 1),
    fixed(x.cpuUsPerRequest, 0),
    String(x.count),
    String(x.errors),
    fixed(x.peakRssMiB),
  ];
  printTable(`plugin-v2-query ${c.name}: ${c.comment}\n  ${title}`, [
    [
      "",
      "p50 ms",
      "p99 ms",
      "mean ms",
      "req/s",
      "CPU µs/req",
      "requests",
      "errors",
      "peak RSS MiB",
    ],
    line("shim (echo-frames)", s),
    line("go ref-plugin-v2", go),
    [
      "shim/go",
      times(r.p50 ?? Number.NaN),
      times(r.p99 ?? Number.NaN),
      times(r.mean ?? Number.NaN),
      times(r.throughput ?? Number.NaN),
      times(r.cpuPerRequest ?? Number.NaN),
      "",
      "",
      times(r.peakRss ?? Number.NaN),
    ],
  ]);
}

async function loadCase(c: LoadCase, tmp: string, rounds: number, durationSec: number) {
  const { shim: s, go } = await measure(c, tmp, rounds, durationSec);
  const r = {
    p50: ratio(s.p50Ms, go.p50Ms),
    p99: ratio(s.p99Ms, go.p99Ms),
    mean: ratio(s.meanMs, go.meanMs),
    throughput: ratio(s.throughputPerSec, go.throughputPerSec),
    cpuPerRequest: ratio(s.cpuUsPerRequest, go.cpuUsPerRequest),
    peakRss: ratio(s.peakRssMiB, go.peakRssMiB),
  };
  const how = `via host-v2 -bench, concurrency ${c.concurrency}, ${rounds} × ${durationSec} s per side (after ${warmupSec} s uncounted)`;
  printCase(c, s, go, r, how);
  const noErrors = s.errors === 0 && go.errors === 0;
  const aims: Record<string, boolean> =
    c.name === "large"
      ? { "shim time <= 1.5x go (mean)": r.mean <= 1.5, "no errors": noErrors }
      : {
          "shim p50 <= 2x go": r.p50 <= 2,
          "shim throughput >= 0.5x go": r.throughput >= 0.5,
          "no errors": noErrors,
        };
  printAims(aims);
  emit({
    bench: "plugin-v2-query",
    case: c.name,
    host: "host-v2",
    concurrency: c.concurrency,
    durationSec,
    shim: s,
    go,
    ratio: r,
    aims,
  });
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      case: { type: "string" },
      duration: { type: "string" },
      rounds: { type: "string", default: "2" },
    },
  });
  const started = performance.now();
  await ensureV2Peers();
  printMachine("plugin-v2-query");
  const tmp = mkdtempSync(join(tmpdir(), "bench-v2-query-"));
  try {
    for (const c of Object.values(loadCases)) {
      if (args.case !== undefined && args.case !== c.name) continue;
      const durationSec = args.duration === undefined ? c.durationSec : Number(args.duration);
      await loadCase(c, tmp, Number(args.rounds), durationSec);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nplugin-v2-query: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
