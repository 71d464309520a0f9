/**
 * Protocol-2 QueryData through a real go-plugin host with the SDK's pluginv2 clients
 * (`host-v2 -bench`, as Grafana 8+; every answer decoded as Grafana decodes it): the
 * shim running the echo-frames twin (with its packaged V8 flags), a bare grpc-js plugin answering
 * the same bytes and the Go reference plugin (ref-plugin-v2), on the same requests
 * (test/go/ANSWER-SPEC-V2.md), in alternating rounds (forward, then reverse order).
 *
 *   large  one query answered with 10 frames × 100 000 rows (time + float64), concurrency 1
 *   small  one query answered with one 10-point frame given as frame JSON, concurrency 8
 *
 * Each measurement follows 3 s of uncounted load (host-v2 -warmup, `--warmup`): JIT and heap
 * growth are start-up costs (see plugin-handshake), not per-query ones. The shim's path keeps
 * V8's optimising compiler busy for about its first 3 s of this load (bench/README.md).
 *
 * Besides latency and throughput: each plugin's peak RSS and CPU time per request (from
 * /proc, over the middle of the load), so the figures say what the shim costs even when
 * the 2 cores are shared with the host.
 *
 *   node dist/bench/plugin-v2-query.bench.js [--case large|small] [--duration <s>] [--rounds 2]
 *        [--warmup 3] [--shim-before <another build's bin/grafana-shim>]
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
import { barePlugin } from "./lib/bare-grpc-plugin.js";
import { alternateSides, type LoadSide, loadRows, shimBareGo } from "./lib/load-summary.js";
import { binDir, ensureGoPeers, packagedLauncher, root } from "./lib/paths.js";
import { type CpuSample, cpuPerRequest, samplePlugin } from "./lib/processes.js";
import { emit, printAims, printMachine, printTable } from "./lib/report.js";

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

/** CPU per request over the counted part of the load, less 0.2 s at either end. */
function countedCpu(samples: readonly CpuSample[], startMs: number, o: LoadOptions, rps: number) {
  const from = startMs + o.warmupSec * 1000 + 200;
  const to = startMs + (o.warmupSec + o.durationSec) * 1000 - 200;
  return cpuPerRequest(samples, from, to, rps);
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
  return new Promise((resolve, reject) => {
    const host = execFile(
      hostV2,
      args,
      { env: o.env, timeout: (o.warmupSec + o.durationSec + 90) * 1000 },
      (error, _stdout, stderr) => {
        sampler.stop();
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
          peakRssKiB: sampler.peakRssKiB(),
          cpuUsPerRequest: countedCpu(
            sampler.samples,
            number("startMs"),
            o,
            number("throughputPerSec"),
          ),
        });
      },
    );
    const sampler = samplePlugin(host, started);
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

/** Seconds of uncounted load before each measurement, unless `--warmup` says otherwise. */
export const warmupSec = 3;

/**
 * The shim as its packaged executables run it, a bare grpc-js plugin answering the same bytes,
 * the Go reference plugin, and with `before` another build of the shim as bin/grafana-shim runs it.
 */
function sides(tmp: string, requestsFile: string, before: string | undefined): LoadSide[] {
  const bare = barePlugin(tmp, 2, requestsFile);
  const list: LoadSide[] = [
    { label: "shim (echo-frames)", exe: packagedLauncher(tmp), env: shimEnv(tmp) },
    { label: "bare grpc-js", exe: bare.exe, env: cleanEnv({ TMPDIR: tmp, ...bare.env }) },
    { label: "go ref-plugin-v2", exe: refPluginV2, env: cleanEnv({ TMPDIR: tmp }) },
  ];
  if (before) list.push({ label: "shim before", exe: before, env: shimEnv(tmp) });
  return list;
}

interface MeasureOptions {
  readonly rounds: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly before?: string;
}

async function loadCase(c: LoadCase, tmp: string, o: MeasureOptions) {
  const requestsFile = writeRequests(c, tmp);
  const summary = await alternateSides(
    sides(tmp, requestsFile, o.before),
    o.rounds,
    1,
    (side, run) => {
      const outFile = join(tmp, `${c.name}-${run}.out.json`);
      return runLoad({
        ...{ plugin: side.exe, env: side.env, requestsFile, outFile },
        ...{ concurrency: c.concurrency, warmupSec: o.warmupSec, durationSec: o.durationSec },
      });
    },
  );
  const {
    shim: s,
    vsGo: r,
    toBare,
    bareVsGo,
    lines,
  } = shimBareGo(summary, "shim (echo-frames)", "go ref-plugin-v2");
  const how = `via host-v2 -bench, concurrency ${c.concurrency}, ${o.rounds} × ${o.durationSec} s per side (after ${o.warmupSec} s uncounted)`;
  printTable(`plugin-v2-query ${c.name}: ${c.comment}\n  ${how}`, loadRows(summary, lines, 1));
  const noErrors = [...summary.values()].every((x) => x.errors === 0);
  const aims: Record<string, boolean> =
    c.name === "large"
      ? { "shim time <= 1.5x go (mean)": r.mean <= 1.5, "no errors": noErrors }
      : {
          "shim p50 <= 1.5x go": r.p50 <= 1.5,
          "shim throughput >= 0.7x go": r.throughput >= 0.7,
          "shim peak RSS <= 100 MiB": s.peakRssMiB <= 100,
          "no errors": noErrors,
        };
  printAims(aims);
  emit({
    bench: "plugin-v2-query",
    case: c.name,
    host: "host-v2",
    concurrency: c.concurrency,
    durationSec: o.durationSec,
    warmupSec: o.warmupSec,
    ...Object.fromEntries(summary),
    ratio: r,
    ratioToBare: toBare,
    bareRatio: bareVsGo,
    aims,
  });
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      case: { type: "string" },
      duration: { type: "string" },
      rounds: { type: "string", default: "2" },
      warmup: { type: "string", default: String(warmupSec) },
      "shim-before": { type: "string" },
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
      const before = args["shim-before"];
      await loadCase(c, tmp, {
        rounds: Number(args.rounds),
        durationSec,
        warmupSec: Number(args.warmup),
        ...(before !== undefined && { before }),
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nplugin-v2-query: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
