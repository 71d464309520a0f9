/**
 * HTTP gateway throughput and p99 latency for a small query at concurrency 32
 * (autocannon), against a bare express route returning the very same bytes,
 * in the same run. Each server runs in its own process (the gateway as the
 * built executable, with its default access log), autocannon runs here; 1 s
 * runs alternate gateway, bare, bare, gateway, gateway, bare so that a change
 * in the machine's load hits both sides. Also the server CPU time per request, from /proc,
 * which a busy machine disturbs less than throughput. About 17 s for both routes
 * (autocannon runs last whole seconds).
 *
 *   node dist/bench/http-gateway.bench.js [--route tsdb|ds] [--duration 1] [--warmup 2]
 *        [--connections 32] [--access-log true|false]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { root, shim } from "./lib/paths.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { mean, ratio, round } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    route: { type: "string" },
    duration: { type: "string", default: "1" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "32" },
    "access-log": { type: "string", default: "true" },
    "bare-server": { type: "string" }, // internal: serve <dir>/<route>.json from bare express routes
  },
});

/** One small query: one series of 11 points from the built-in demo handler. */
const smallQuery = {
  from: "1700000000000",
  to: "1700000060000",
  queries: [
    { refId: "A", datasourceId: 1, datasource: { uid: "demo" }, series: 1, maxDataPoints: 10 },
  ],
};
const body = JSON.stringify(smallQuery);
const headers = { "content-type": "application/json" };
const aim = "throughput ≥ 0.5× bare express";

if (args["bare-server"]) await bareServer(args["bare-server"]);
else await main();

async function main(): Promise<void> {
  printMachine("http-gateway");
  const deadline = setTimeout(() => {
    console.error("http-gateway: over its time bound, stopping");
    process.exit(1);
  }, 30_000);
  const accessLog = args["access-log"] === "true" ? "--access-log" : "--no-access-log";
  const gateway = await startServer(
    [shim, "serve-http", "--port", "0", accessLog],
    /listening on (\S+)/,
  );
  const dir = mkdtempSync(join(tmpdir(), "grafana-shim-bench-"));
  let bare: Server | undefined;
  try {
    const routes = ["tsdb", "ds"].filter((r) => !args.route || r === args.route);
    const sizes = new Map<string, number>();
    for (const route of routes) sizes.set(route, await saveAnswer(gateway, route, dir));
    bare = await startServer(
      [join(root, "dist/bench/http-gateway.bench.js"), "--bare-server", dir],
      /^listening (\S+)/m,
    );
    // One warm-up per server, on both routes: the gateway's code needs a few thousand requests to be optimised.
    for (const route of routes)
      await load(gateway, `/api/${route}/query`, body, Number(args.warmup) / routes.length);
    await load(bare, `/api/${routes[0]}/query`, body, 1);
    for (const route of routes) await runCase(route, sizes.get(route) ?? 0, gateway, bare);
  } finally {
    gateway.child.kill("SIGTERM");
    bare?.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(deadline);
  }
}

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

/** The gateway's answer to the small query, written for the bare server to send back. */
async function saveAnswer(gateway: Server, route: string, dir: string): Promise<number> {
  const answer = await fetch(`${gateway.url}/api/${route}/query`, {
    method: "POST",
    body,
    headers,
  });
  const bytes = Buffer.from(await answer.arrayBuffer());
  if (answer.status !== 200) throw new Error(`${route}: ${answer.status} ${bytes.toString()}`);
  writeFileSync(join(dir, `${route}.json`), bytes);
  return bytes.length;
}

async function runCase(route: string, bytes: number, gateway: Server, bare: Server): Promise<void> {
  const path = `/api/${route}/query`;
  const runs: [Load[], Load[]] = [[], []];
  for (const side of [0, 1, 1, 0, 0, 1] as const) {
    runs[side].push(await load(side === 0 ? gateway : bare, path, body, Number(args.duration)));
  }
  report(route, bytes, average(runs[0]), average(runs[1]));
}

interface Load {
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerRequest: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function load(server: Server, path: string, body: string, duration: number): Promise<Load> {
  const connections = Number(args.connections);
  const cpuBefore = cpuMs(server.child.pid);
  const result = await autocannon({
    url: server.url + path,
    method: "POST",
    body,
    headers,
    connections,
    duration,
  });
  const cpu = cpuMs(server.child.pid) - cpuBefore;
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuUsPerRequest: result.requests.total > 0 ? (cpu * 1000) / result.requests.total : Number.NaN,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function average(loads: readonly Load[]): Load {
  const avg = (pick: (l: Load) => number, digits = 1) => round(mean(loads.map(pick)), digits);
  return {
    requestsPerSec: avg((l) => l.requestsPerSec, 0),
    p50Ms: avg((l) => l.p50Ms),
    p99Ms: avg((l) => l.p99Ms),
    cpuUsPerRequest: avg((l) => l.cpuUsPerRequest, 0),
    errors: loads.reduce((sum, l) => sum + l.errors, 0),
    non2xx: loads.reduce((sum, l) => sum + l.non2xx, 0),
  };
}

/** User + system CPU of a process so far, in ms (Linux; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return Number.NaN;
  const fields = readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

function report(route: string, bytes: number, gateway: Load, bare: Load): void {
  const row = (name: string, l: Load) => [
    name,
    fixed(l.requestsPerSec, 0),
    fixed(l.p50Ms),
    fixed(l.p99Ms),
    fixed(l.cpuUsPerRequest, 0),
    String(l.errors),
    String(l.non2xx),
  ];
  printTable(
    `${route}: POST /api/${route}/query, ${bytes}-byte answer, ${args.connections} connections`,
    [
      ["", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "errors", "non-2xx"],
      row("gateway", gateway),
      row("bare express", bare),
    ],
  );
  const throughput = ratio(gateway.requestsPerSec, bare.requestsPerSec);
  const p99 = ratio(gateway.p99Ms, bare.p99Ms);
  const cpu = ratio(gateway.cpuUsPerRequest, bare.cpuUsPerRequest);
  console.log(
    `  gateway/bare: throughput ${times(throughput)}, p99 ${times(p99)}, CPU per request ${times(cpu)}`,
  );
  const aims = { [aim]: throughput >= 0.5 && gateway.errors === 0 && gateway.non2xx === 0 };
  printAims(aims);
  emit({
    bench: "http-gateway",
    case: `${route}-small`,
    ratio: { throughput, p99, cpuPerRequest: cpu },
    aims,
    answerBytes: bytes,
    connections: Number(args.connections),
    durationSec: Number(args.duration),
    accessLog: args["access-log"] === "true",
    gateway,
    bare,
  });
}

/** Starts a server process and reads its URL from its stdout; its stderr (logs) goes nowhere. */
async function startServer(argv: readonly string[], ready: RegExp): Promise<Server> {
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
  let seen = "";
  const url = await new Promise<string>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = ready.exec(seen);
      if (!match?.[1]) return;
      child.stdout?.off("data", look).resume();
      resolve(match[1]);
    };
    child.stdout?.on("data", look);
    child.once("exit", (code) =>
      reject(new Error(`${argv.join(" ")} exited with ${code}: ${seen}`)),
    );
  });
  return { url, child };
}

/** The baseline: express with etag and x-powered-by off as in the gateway; reads the body, sends fixed bytes. */
async function bareServer(dir: string): Promise<void> {
  const { default: express } = await import("express");
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  for (const route of ["tsdb", "ds"]) {
    const file = join(dir, `${route}.json`);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    app.post(`/api/${route}/query`, (req, res) => {
      req.resume();
      req.on("end", () => {
        res.type("application/json").send(bytes);
      });
    });
  }
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as { port: number };
  console.log(`listening http://127.0.0.1:${address.port}`);
  process.on("SIGTERM", () => process.exit(0));
}
