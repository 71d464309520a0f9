/**
 * Wrap-mode overhead: the Go protocol-1 reference plugin under load (concurrency
 * 8) through real go-plugin hosts, directly and wrapped by the shim.
 *   - protocol-1: host-current -bench → ref-plugin-v1, against host-current -bench
 *     → shim (wrap) → ref-plugin-v1; alternating rounds (direct, wrap, wrap, direct).
 *   - protocol-2: host-v2 -bench (Grafana 8+) → shim (wrap) → ref-plugin-v1, the
 *     answers turned into frames and decoded by the SDK, against the same direct runs.
 * Loopback only (unix sockets); about 25 s with the defaults.
 *
 *   node dist/bench/wrap-overhead.bench.js [--duration 2.5] [--rounds 2] [--concurrency 8] [--request small]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanEnv } from "../test/clean-env.js";
import { type LoadResult, runLoad } from "./lib/go-host.js";
import { ensureGoPeers, refPlugin, requestDir, shim } from "./lib/paths.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { writeHostRequests } from "./lib/requests.js";
import { mean, ratio, round } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "2.5" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "8" },
    request: { type: "string", default: "small" },
  },
});
const durationSec = Number(args.duration);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);

type Json = Record<string, unknown>;

/** The same request as a QueryDataRequest, as Grafana 8+ sends it to the shim. */
function v2Requests(name: string, dir: string): string {
  const file = join(requestDir, `${name}.json`);
  const { requests } = JSON.parse(readFileSync(file, "utf8")) as { requests: Json[] };
  const converted = requests.map((r) => {
    const t = r.timeRange as Json;
    const ds = r.datasource as Json;
    return {
      pluginContext: {
        orgId: String(ds.orgId),
        pluginId: String(ds.type),
        dataSourceInstanceSettings: {
          id: String(ds.id),
          name: ds.name,
          url: ds.url,
          jsonData: ds.jsonData,
        },
      },
      queries: (r.queries as Json[]).map((q) => ({
        refId: q.refId,
        maxDataPoints: String(q.maxDataPoints),
        intervalMS: String(q.intervalMs),
        timeRange: { fromEpochMS: String(t.fromEpochMs), toEpochMS: String(t.toEpochMs) },
        json: q.model,
      })),
    };
  });
  const out = join(dir, `${name}.v2.requests.json`);
  writeFileSync(out, JSON.stringify(converted));
  return out;
}

interface Summary {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly throughputPerSec: number;
}

function summarize(results: readonly LoadResult[]): Summary {
  const avg = (pick: (r: LoadResult) => number, digits = 3) =>
    round(mean(results.map(pick)), digits);
  return {
    count: results.reduce((sum, r) => sum + r.count, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    p50Ms: avg((r) => r.p50Ms),
    p99Ms: avg((r) => r.p99Ms),
    throughputPerSec: avg((r) => r.throughputPerSec, 0),
  };
}

async function main(): Promise<void> {
  await ensureGoPeers();
  printMachine("wrap-overhead");
  const tmp = mkdtempSync(join(tmpdir(), "bench-wrap-"));
  try {
    const v1File = writeHostRequests(args.request ?? "small", tmp).file;
    const v2File = v2Requests(args.request ?? "small", tmp);
    const wrapEnv = cleanEnv({
      TMPDIR: tmp,
      GRAFANA_SHIM_HANDLER: "wrap",
      GRAFANA_SHIM_WRAP_PLUGIN: refPlugin,
      GRAFANA_SHIM_LOG_LEVEL: "warn",
    });
    const load = (
      host: string,
      plugin: string,
      env: NodeJS.ProcessEnv,
      requestsFile: string,
      i: number,
    ) =>
      runLoad({
        host,
        plugin,
        env,
        requestsFile,
        outFile: join(tmp, `out-${i}.json`),
        concurrency,
        durationSec,
      });
    const direct: LoadResult[] = [];
    const wrapV1: LoadResult[] = [];
    const wrapV2: LoadResult[] = [];
    let i = 0;
    // ABBA: neither side always runs first, or on a warmer machine.
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ["direct", "wrap"] : ["wrap", "direct"];
      for (const side of order) {
        if (side === "direct")
          direct.push(
            await load("host-current", refPlugin, cleanEnv({ TMPDIR: tmp }), v1File, i++),
          );
        else wrapV1.push(await load("host-current", shim, wrapEnv, v1File, i++));
      }
      wrapV2.push(await load("host-v2", shim, wrapEnv, v2File, i++));
    }
    const d = summarize(direct);
    const w1 = summarize(wrapV1);
    const w2 = summarize(wrapV2);
    const line = (label: string, s: Summary, vs?: Summary) => [
      label,
      fixed(s.p50Ms, 3),
      fixed(s.p99Ms, 3),
      fixed(s.throughputPerSec, 0),
      String(s.count),
      String(s.errors),
      vs ? times(ratio(s.p50Ms, vs.p50Ms)) : "",
      vs ? times(ratio(s.p99Ms, vs.p99Ms)) : "",
    ];
    printTable(
      `wrap-overhead (${args.request}): concurrency ${concurrency}, ${rounds} × ${durationSec} s per side`,
      [
        ["", "p50 ms", "p99 ms", "req/s", "requests", "errors", "p50/direct", "p99/direct"],
        line("direct: host-current → ref-plugin-v1", d),
        line("wrap v1: host-current → shim → ref-plugin-v1", w1, d),
        line("wrap v2: host-v2 → shim → ref-plugin-v1 (frames)", w2, d),
      ],
    );
    for (const [name, s] of [
      ["protocol-1", w1],
      ["protocol-2", w2],
    ] as const) {
      const r = {
        p50: ratio(s.p50Ms, d.p50Ms),
        p99: ratio(s.p99Ms, d.p99Ms),
        throughput: ratio(s.throughputPerSec, d.throughputPerSec),
      };
      const aims = {
        "wrap adds at most 2 ms at p50": s.p50Ms - d.p50Ms <= 2,
        "no errors": s.errors === 0 && d.errors === 0,
      };
      printAims(aims);
      emit({
        bench: "wrap-overhead",
        case: name,
        request: args.request,
        concurrency,
        durationSec,
        direct: d,
        wrapped: s,
        ratio: r,
        aims,
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
