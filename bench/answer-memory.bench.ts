/**
 * Memory bounded by the answer, through the built gateway and the simplejson handler: a
 * Simple JSON server (in this process, loopback) answers a 60 MB `/query` (10 series of
 * 2.4 M points in all), and the gateway's peak RSS (VmHWM, reset through clear_refs after a
 * warm-up) is compared with the answer's JSON bytes, the baseline measured in the same run.
 * Each case in a gateway of its own:
 *
 * - `ds-60MB`, `tsdb-60MB`: one query. Aim: peak RSS added ≤ 4× the upstream JSON bytes.
 * - `ds-16x60MB`: sixteen such queries in one /api/ds/query with the default answer budget
 *   (256 MiB): the first answers fit, the others fail each with the budget's error, and the
 *   request is answered. Aim: no failure of the whole request.
 * - `ds-16x60MB-raised`: the same with --answer-budget-mib 2047: all sixteen answered, a body
 *   of about 930 MB written in chunks (one string that size is beyond what V8 can make).
 *
 *   node dist/bench/answer-memory.bench.js [--mb 60] [--case ds-60MB] [--shim <bin/grafana-shim>]
 *
 * `--shim` measures another build (an older checkout's executable) with the same cases.
 * About 1 minute (most of it the 16-query cases).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { largeAnswer, startLargeServer } from "../test/simple-json-servers/large.js";
import { shim as builtShim } from "./lib/paths.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";

const { values: args } = parseArgs({
  options: {
    mb: { type: "string", default: "60" },
    case: { type: "string" },
    shim: { type: "string", default: builtShim },
  },
});
const MiB = 1024 * 1024;
const at = 1_700_000_000_000;
const aimRatio = 4;

interface Case {
  readonly name: string;
  readonly route: "ds" | "tsdb";
  readonly queries: number;
  readonly args: readonly string[];
}

const cases: readonly Case[] = [
  { name: `ds-${args.mb}MB`, route: "ds", queries: 1, args: [] },
  { name: `tsdb-${args.mb}MB`, route: "tsdb", queries: 1, args: [] },
  { name: `ds-16x${args.mb}MB`, route: "ds", queries: 16, args: [] },
  {
    name: `ds-16x${args.mb}MB-raised`,
    route: "ds",
    queries: 16,
    args: ["--answer-budget-mib", "2047"],
  },
];

const large = largeAnswer(Number(args.mb) * 1e6);

interface Gateway {
  readonly url: string;
  readonly child: ChildProcess;
}

function startGateway(yaml: string, extra: readonly string[]): Promise<Gateway> {
  const child = spawn(
    process.execPath,
    [
      args.shim,
      "serve-http",
      "--port",
      "0",
      "--quiet",
      "--handler",
      "simplejson",
      "--datasources",
      yaml,
      "--timeout-ms",
      "600000",
      ...extra,
    ],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, GRAFANA_SHIM_LOG_LEVEL: "info" },
    },
  );
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const url = /"url":"([^"]+)"/.exec(err)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code}: ${err}`)));
  });
}

/** VmRSS and VmHWM of a process, in bytes. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1]) * 1024;
  return { rss: kib("VmRSS"), peak: kib("VmHWM") };
}

interface Answer {
  readonly status: number;
  readonly bytes: number;
  /** Results with an error, and those whose error is the answer budget's. */
  readonly errors: number;
  readonly overBudget: number;
}

/** Reads the body as it comes, counting bytes and errors without holding it. */
async function ask(gw: Gateway, route: string, target: string, queries: number): Promise<Answer> {
  const body = {
    from: String(at),
    to: String(at + 86_400_000),
    queries: Array.from({ length: queries }, (_, i) => ({
      refId: `Q${String(i).padStart(2, "0")}`,
      datasourceId: 1,
      datasource: { uid: "sj" },
      target,
    })),
  };
  const response = await fetch(`${gw.url}/api/${route}/query`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  let bytes = 0;
  let errors = 0;
  let overBudget = 0;
  let tail = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    const text = tail + Buffer.from(chunk).toString("latin1");
    errors += count(text, '"error":');
    overBudget += count(text, '"error":"the answer is too large');
    tail = text.slice(-64);
    errors -= count(tail, '"error":');
    overBudget -= count(tail, '"error":"the answer is too large');
  }
  errors += count(tail, '"error":');
  overBudget += count(tail, '"error":"the answer is too large');
  return { status: response.status, bytes, errors, overBudget };
}

function count(text: string, word: string): number {
  let n = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) n++;
  return n;
}

async function run(one: Case, yaml: string) {
  const gw = await startGateway(yaml, one.args);
  try {
    await ask(gw, one.route, "warm", 1);
    writeFileSync(`/proc/${gw.child.pid}/clear_refs`, "5");
    const before = memory(gw.child.pid!).rss;
    const started = performance.now();
    const answer = await ask(gw, one.route, "large", one.queries);
    const ms = performance.now() - started;
    const { peak, rss } = memory(gw.child.pid!);
    return { ...answer, ms, added: peak - before, after: rss - before };
  } finally {
    gw.child.kill("SIGKILL");
  }
}

async function main(): Promise<void> {
  printMachine("answer-memory");
  console.log(`  ${args.shim}; one answer is ${fixed(large.length / MiB)} MiB of Simple JSON`);
  const dir = mkdtempSync(join(tmpdir(), "answer-memory-"));
  const upstream = await startLargeServer(large);
  const yaml = join(dir, "datasources.yaml");
  writeFileSync(
    yaml,
    `apiVersion: 1\ndatasources:\n  - {name: SJ, uid: sj, id: 1, type: simple-json, url: "${upstream.url}", jsonData: {timeout: 600, maxResponseMiB: 100}}\n`,
  );
  const rows: string[][] = [
    ["case", "status", "answered", "over budget", "body MiB", "s", "peak +MiB", "÷ JSON"],
  ];
  try {
    for (const one of cases.filter((c) => args.case === undefined || c.name === args.case)) {
      const r = await run(one, yaml);
      const perAnswer = r.added / (large.length * one.queries);
      const answered = r.status === 500 ? 0 : one.queries - r.errors;
      rows.push([
        one.name,
        String(r.status),
        String(answered),
        String(r.overBudget),
        fixed(r.bytes / MiB),
        fixed(r.ms / 1000),
        fixed(r.added / MiB),
        times(r.added / large.length),
      ]);
      const aims =
        one.queries === 1
          ? { [`peak RSS added ≤ ${aimRatio}× the answer's JSON bytes`]: perAnswer <= aimRatio }
          : {
              "the request is answered, queries past the budget fail each":
                r.status !== 500 && r.errors === r.overBudget && answered > 0,
            };
      emit({
        bench: "answer-memory",
        case: one.name,
        ratio: { "peak added / JSON bytes": Math.round((r.added / large.length) * 100) / 100 },
        aims,
        status: r.status,
        answered,
        overBudget: r.overBudget,
        bodyBytes: r.bytes,
        jsonBytes: large.length * one.queries,
        peakAddedMiB: Math.round((r.added / MiB) * 10) / 10,
        ms: Math.round(r.ms),
      });
      printAims(aims);
    }
  } finally {
    upstream.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  printTable("answer-memory (peak RSS added over the RSS before the request)", rows);
}

await main();
