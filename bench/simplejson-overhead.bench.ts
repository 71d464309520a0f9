/**
 * The simplejson handler's added latency: the same /query of a Simple JSON server (its own
 * process, loopback) called directly with a pooled HTTP client at concurrency 8, and through
 * the shim from `host-v2 -bench` (Grafana 8+'s QueryData, concurrency 8). Reports p50/p99,
 * throughput and how many upstream connections the shim opened (reuse); a floor: the shim
 * answering the same frame from memory (the plugin protocol's own cost); and that floor after
 * one bare HTTP exchange with the server (undici Pool, the same request): what a round trip
 * alone costs the plugin process. Throughput is given as a ratio of each. Every side runs
 * `--warmup` seconds of load before the counted part (JIT, connections). `--shim` adds
 * another build (an executable, e.g. a copy of the tree before a change), measured in the
 * same rounds. About 70 s, 90 s with `--shim`.
 *
 *   node dist/bench/simplejson-overhead.bench.js [--duration 3] [--rounds 2] [--warmup 3]
 *                                                [--shim <path>]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { answerFrames } from "../src/backends/simplejson/answer-frames.js";
import { answerQueryJson } from "../src/backends/simplejson/answer-json.js";
import { parseQueryAnswer } from "../src/backends/simplejson/parse-query.js";
import { queryBody } from "../src/backends/simplejson/query-body.js";
import { upstreamSettingsOf } from "../src/backends/simplejson/settings.js";
import type { DataQuery, DatasourceSettings } from "../src/model/data.js";
import { cleanEnv } from "../test/clean-env.js";
import { type LoadResult, runLoad } from "./lib/go-host.js";
import { root, shim } from "./lib/paths.js";
import { emit, fixed, printAims, printMachine, printTable } from "./lib/report.js";
import { mean, median, quantile, ratio, round } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "3" },
    rounds: { type: "string", default: "2" },
    warmup: { type: "string", default: "3" },
    shim: { type: "string" },
  },
});
const durationSec = Number(args.duration);
const rounds = Number(args.rounds);
const warmupSec = Number(args.warmup);
const concurrency = 8;
const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;
const json = { refId: "A", target: "upper_25", type: "timeserie" };
const query: DataQuery = {
  refId: "A",
  queryType: "",
  maxDataPoints: 100,
  intervalMs: 60_000,
  timeRange: { fromMs, toMs },
  json,
};

interface Server {
  readonly url: string;
  stats(): Promise<{ connections: number; requests: number }>;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, "dist/test/simple-json-servers/main.js"), "classic"],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const next = () => once(lines, "line").then(([line]) => JSON.parse(line as string));
  const { url } = await next();
  return {
    url,
    stats: async () => {
      child.stdin!.write("stats\n");
      return next();
    },
    stop: async () => {
      child.stdin!.end();
      await once(child, "exit");
    },
  };
}

/** The baseline: the server's /query called directly, keep-alive pool, `concurrency` loops. */
async function direct(url: string): Promise<LoadResult> {
  const pool = new Pool(url, { connections: concurrency });
  const body = JSON.stringify(queryBody(query, "upper_25"));
  const latencies: number[] = [];
  let errors = 0;
  let deadline = performance.now() + warmupSec * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const res = await pool.request({
          path: "/query",
          method: "POST",
          body,
          headers: { "content-type": "application/json" },
        });
        JSON.parse(await res.body.text());
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  latencies.length = 0;
  errors = 0;
  const started = performance.now();
  deadline = started + durationSec * 1000;
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return {
    count: latencies.length,
    errors,
    p50Ms: round(quantile(latencies, 0.5), 3),
    p99Ms: round(quantile(latencies, 0.99), 3),
    meanMs: round(mean(latencies), 3),
    throughputPerSec: Math.round(latencies.length / seconds),
    startMs: 0,
    peakRssKiB: Number.NaN,
  };
}

/** `handler` "simplejson", or a floor handler (fixed-handler.ts, fixed-with-call.ts). */
async function viaShim(
  url: string,
  tmp: string,
  i: number,
  handler = "simplejson",
  plugin = shim,
): Promise<LoadResult> {
  const file = join(tmp, "requests.json");
  const request = {
    pluginContext: {
      orgId: "1",
      pluginId: "grafana-simple-json-backend-datasource",
      dataSourceInstanceSettings: { id: "1", uid: "sj", name: "SJ", url, jsonData: {} },
    },
    queries: [
      {
        refId: "A",
        maxDataPoints: "100",
        intervalMS: "60000",
        timeRange: { fromEpochMS: String(fromMs), toEpochMS: String(toMs) },
        json,
      },
    ],
  };
  writeFileSync(file, JSON.stringify([request]));
  return runLoad({
    host: "host-v2",
    plugin,
    env: cleanEnv({ TMPDIR: tmp, GRAFANA_SHIM_HANDLER: handler, GRAFANA_SHIM_LOG_LEVEL: "warn" }),
    requestsFile: file,
    outFile: join(tmp, `shim-${i}.json`),
    concurrency,
    durationSec,
    warmupSec,
  });
}

function average(results: readonly LoadResult[]) {
  const avg = (pick: (r: LoadResult) => number) => round(mean(results.map(pick)), 3);
  return {
    count: results.reduce((n, r) => n + r.count, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    p50Ms: avg((r) => r.p50Ms),
    p99Ms: avg((r) => r.p99Ms),
    throughputPerSec: Math.round(mean(results.map((r) => r.throughputPerSec))),
    cpuUsPerRequest: round(mean(results.map((r) => r.cpuUsPerRequest ?? Number.NaN)), 1),
  };
}

/**
 * The handler's own steps in this process, without the HTTP exchange: µs per call, median of 30
 * batches (steadier than the load on a shared machine). The answer is the server's own bytes.
 */
async function handlerSteps(url: string): Promise<Record<string, number>> {
  const body = JSON.stringify(queryBody(query, "upper_25"));
  const res = await fetch(`${url}/query`, { method: "POST", body });
  const answer = Buffer.from(await res.arrayBuffer());
  const datasource = (): DatasourceSettings => ({
    id: 1,
    uid: "sj",
    name: "SJ",
    type: "grafana-simple-json-backend-datasource",
    url,
    user: "",
    database: "",
    basicAuthEnabled: true,
    basicAuthUser: "admin",
    jsonData: { httpHeaderName1: "X-Api-Key" },
    decryptedSecureJsonData: { basicAuthPassword: "a-password", httpHeaderValue1: "a-key" },
    updatedMs: 0,
    apiVersion: "",
  });
  const steps: Record<string, () => unknown> = {
    "settings (basic auth, a custom header)": () => upstreamSettingsOf(datasource(), {}),
    "body: queryBody + JSON.stringify": () => JSON.stringify(queryBody(query, "upper_25")),
    "answer read into frames (60 points)": () => {
      const read = answerQueryJson({ status: 200, headers: {}, body: answer }, "POST /query");
      return answerFrames(parseQueryAnswer(read.json, read.columns));
    },
  };
  const out: Record<string, number> = {};
  for (const [name, step] of Object.entries(steps)) {
    const batches: number[] = [];
    for (let b = 0; b < 30; b++) {
      const started = performance.now();
      for (let i = 0; i < 1000; i++) step();
      batches.push(performance.now() - started);
    }
    out[name] = round(median(batches), 2); // ms per 1000 calls = µs per call
  }
  return out;
}

type Side = ReturnType<typeof average>;

function row(label: string, r: Side): string[] {
  return [
    label,
    fixed(r.p50Ms, 3),
    fixed(r.p99Ms, 3),
    String(r.throughputPerSec),
    String(r.count),
    String(r.errors),
    Number.isNaN(r.cpuUsPerRequest) ? "" : fixed(r.cpuUsPerRequest, 0),
  ];
}

/** Upstream connections opened while `run` ran (the server counts the ones it accepted). */
async function counting(server: Server, run: () => Promise<LoadResult>) {
  const before = await server.stats();
  const result = await run();
  const after = await server.stats();
  return { result, connections: after.connections - before.connections };
}

async function main(): Promise<void> {
  printMachine("simplejson-overhead");
  const tmp = mkdtempSync(join(tmpdir(), "sj-bench-"));
  const server = await startServer();
  const other = args.shim;
  try {
    const base: LoadResult[] = [];
    const shimmed: LoadResult[] = [];
    const floor: LoadResult[] = [];
    const floorCall: LoadResult[] = [];
    const others: LoadResult[] = [];
    const fixedHandler = join(root, "dist/test/simplejson/fixed-handler.js");
    const withCall = join(root, "dist/test/simplejson/fixed-with-call.js");
    let connections = 0;
    let otherConnections = 0;
    for (let i = 0; i < rounds; i++) {
      base.push(await direct(server.url));
      const s = await counting(server, () => viaShim(server.url, tmp, i));
      shimmed.push(s.result);
      connections = Math.max(connections, s.connections);
      floor.push(await viaShim(server.url, tmp, i + rounds, fixedHandler));
      floorCall.push(await viaShim(server.url, tmp, i + 3 * rounds, withCall));
      if (other !== undefined) {
        const o = await counting(server, () =>
          viaShim(server.url, tmp, i + 2 * rounds, "simplejson", other),
        );
        others.push(o.result);
        otherConnections = Math.max(otherConnections, o.connections);
      }
    }
    const d = average(base);
    const s = average(shimmed);
    const f = average(floor);
    const fc = average(floorCall);
    const o = other === undefined ? undefined : average(others);
    const handlerP50 = round(s.p50Ms - f.p50Ms, 3);
    const addedP50 = round(s.p50Ms - d.p50Ms, 3);
    const addedP99 = round(s.p99Ms - d.p99Ms, 3);
    const throughputVsFloor = ratio(s.throughputPerSec, f.throughputPerSec);
    const throughputVsFloorCall = ratio(s.throughputPerSec, fc.throughputPerSec);
    printTable(
      `simplejson-overhead: POST /query (60 points), concurrency ${concurrency}, ${rounds} × ${durationSec} s per side after ${warmupSec} s`,
      [
        ["", "p50 ms", "p99 ms", "req/s", "requests", "errors", "shim CPU µs/req"],
        row("direct (undici pool)", d),
        row("via shim (host-v2 QueryData)", s),
        [
          "added by the shim (via shim − direct)",
          fixed(addedP50, 3),
          fixed(addedP99, 3),
          "",
          "",
          "",
        ],
        row("floor: shim, same frame from memory", f),
        row("floor after a bare HTTP call (undici Pool)", fc),
        [
          "the bare HTTP call (floor after it − floor)",
          fixed(round(fc.p50Ms - f.p50Ms, 3), 3),
          "",
          "",
          "",
          "",
          fixed(fc.cpuUsPerRequest - f.cpuUsPerRequest, 0),
        ],
        [
          "simplejson handler incl. upstream (via shim − floor)",
          fixed(handlerP50, 3),
          "",
          "",
          "",
          "",
          fixed(s.cpuUsPerRequest - f.cpuUsPerRequest, 0),
        ],
        ...(o === undefined ? [] : [row(`other build: ${other}`, o)]),
      ],
    );
    console.log(
      `  throughput via shim: ${ratio(s.throughputPerSec, d.throughputPerSec)}× direct, ${throughputVsFloor}× the floor, ${throughputVsFloorCall}× the floor after a bare call` +
        (o === undefined
          ? ""
          : `, ${ratio(s.throughputPerSec, o.throughputPerSec)}× the other build`),
    );
    console.log(
      `  upstream connections the shim opened per run: ${connections} (for ${Math.round(s.count / rounds)} queries)` +
        (o === undefined ? "" : `; the other build: ${otherConnections}`),
    );
    const aims = {
      "throughput via shim >= 0.7x the floor": throughputVsFloor >= 0.7,
      "p50 added <= 2 ms": addedP50 <= 2,
      "connections reused (<= 2x concurrency per run)": connections <= 2 * concurrency,
      "no errors": d.errors === 0 && s.errors === 0 && f.errors === 0 && fc.errors === 0,
    };
    printAims(aims);
    const steps = await handlerSteps(server.url);
    printTable("simplejson handler steps in-process (no HTTP exchange), median of 30 batches", [
      ["", "µs per call"],
      ...Object.entries(steps).map(([name, us]) => [name, fixed(us, 2)]),
    ]);
    emit({
      bench: "simplejson-overhead",
      case: "query-60-points",
      concurrency,
      durationSec,
      warmupSec,
      direct: d,
      shim: s,
      floor: f,
      floorAfterCall: fc,
      ...(o === undefined
        ? {}
        : { other: { build: other, ...o, upstreamConnections: otherConnections } }),
      handlerP50Ms: handlerP50,
      handlerCpuUsPerRequest: round(s.cpuUsPerRequest - f.cpuUsPerRequest, 1),
      addedP50Ms: addedP50,
      addedP99Ms: addedP99,
      upstreamConnections: connections,
      handlerStepsUs: steps,
      ratio: {
        p50: ratio(s.p50Ms, d.p50Ms),
        p99: ratio(s.p99Ms, d.p99Ms),
        throughput: ratio(s.throughputPerSec, d.throughputPerSec),
        throughputVsFloor,
        throughputVsFloorCall,
        ...(o === undefined
          ? {}
          : { throughputVsOther: ratio(s.throughputPerSec, o.throughputPerSec) }),
      },
      aims,
    });
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
