/**
 * Where a small protocol-2 QueryData goes in the shim (the `small` case of
 * plugin-v2-query: one query, one 10-point frame, echo-frames twin), two ways:
 *
 * 1. stages: each step of the shim's path timed in-process, without gRPC, as CPU µs per
 *    request (median of batches): protobufjs decode, request conversion, runEach with the
 *    call's end, the twin (frame JSON parse), Arrow encode, protobufjs encode, metrics; and
 *    the whole service method. The rest of the CPU a request costs under real load is
 *    grpc-js, HTTP/2 and garbage collection.
 * 2. profile: the shim under `host-v2 -bench` (concurrency 8) with `node --cpu-prof`
 *    (a wrapper script: Node 20 refuses --cpu-prof in NODE_OPTIONS), started from the tsc
 *    tree so that each sample's file names its stage (the bundle's chunks name none); samples of the
 *    counted part of the load, each put under the first shim stage, library or runtime
 *    part found from its leaf up, as µs per request and share of the busy samples. The
 *    profiler samples wall time: on a loaded machine a descheduled gap is charged to
 *    the next sample, so read the shares, and the plain run's CPU per request beside them.
 *
 *   node dist/bench/plugin-v2-profile.js [--duration 4] [--keep <dir>]   (--keep: keep the .cpuprofile)
 */
import { EventEmitter } from "node:events";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Metadata, type ServerUnaryCall } from "@grpc/grpc-js";
import { runEach } from "../src/handler/run-each.js";
import type { FramesHandler } from "../src/handler/types.js";
import { createLogger } from "../src/log/logger.js";
import { ShimMetrics } from "../src/metrics.js";
import { callEnd } from "../src/protocol/grpc/call-signal.js";
import { protoRoot } from "../src/protocol/grpc/proto-root.js";
import { serviceDefinition } from "../src/protocol/grpc/service-definition.js";
import { metadataReader } from "../src/protocol/grpc/trace-metadata.js";
import { dataRequestFromProto } from "../src/protocol/v2/convert-request.js";
import { dataResponseToProto, frameEncodersReady } from "../src/protocol/v2/convert-response.js";
import type { WireQueryDataRequest } from "../src/protocol/v2/wire.js";
import { dataImplementation } from "../src/server/protocol-v2/data-service.js";
import { contextOnlyTracing } from "../src/tracing/tracing.js";
import echoFrames from "../test/handlers/echo-frames.js";
import { root, shim } from "./lib/paths.js";
import { emit, fixed, printMachine, printTable } from "./lib/report.js";
import { median, round } from "./lib/stats.js";
import {
  type LoadResult,
  loadCases,
  runLoad,
  shimEnv,
  warmupSec,
  writeRequests,
} from "./plugin-v2-query.bench.js";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "4" },
    keep: { type: "string" },
  },
});
const durationSec = Number(args.duration);
const small = loadCases.small;
const log = createLogger({ level: "warn", module: "bench", write: () => undefined });

/** The parts of a V8 .cpuprofile this reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

type ProfileNode = CpuProfile["nodes"][number];

/**
 * Where a sample belongs: the first of these its stack shows from the leaf up. Node's own
 * modules and native functions (JSON.parse, the AbortSignal constructor) count for the
 * JavaScript that called them.
 */
const stagesByUrl: readonly (readonly [string, RegExp])[] = [
  [
    "Arrow encode (apache-arrow, flatbuffers, frames/arrow/)",
    /apache-arrow|flatbuffers|dist\/src\/frames\/arrow/,
  ],
  ["protobufjs decode/encode", /protobufjs|dist\/src\/protocol\/grpc\/service-definition/],
  ["twin handler (frame JSON parse)", /dist\/test\/handlers\/|dist\/src\/frames\//],
  [
    "runEach + the call's end (timer, a signal only if read)",
    /dist\/src\/handler\/run-each|dist\/src\/protocol\/grpc\/call-signal/,
  ],
  ["metrics (prom-client)", /prom-client|dist\/src\/metrics/],
  ["logging", /dist\/src\/log\//],
  [
    "request conversion (query JSON, settings)",
    /dist\/src\/protocol\/v2\/convert-(request|context)|dist\/src\/json-object|dist\/src\/protocol\/grpc\/(int64|bytes)/,
  ],
  ["data service (answer, response map)", /dist\/src\/server\/protocol-v2\/|dist\/src\/handler\//],
  ["grpc-js (with the node:http2 it calls)", /@grpc\/grpc-js/],
];

function stageOf(node: ProfileNode, parentOf: ReadonlyMap<number, ProfileNode>): string {
  const leaf = node.callFrame.functionName;
  if (leaf === "(garbage collector)" || leaf === "(program)" || leaf === "(idle)") return leaf;
  let sawNode = false;
  for (let n: ProfileNode | undefined = node; n; n = parentOf.get(n.id)) {
    const { url } = n.callFrame;
    if (url === "" || url.startsWith("node:")) {
      sawNode ||= url.startsWith("node:");
      continue;
    }
    const stage = stagesByUrl.find(([, pattern]) => pattern.test(url));
    if (stage) return stage[0];
  }
  return sawNode ? "node internals with no JavaScript above (sockets, timers)" : "other";
}

function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
}

interface ProfileSummary {
  /** Main-thread time that was not idle, per request. */
  readonly busyUsPerRequest: number;
  readonly categories: readonly [string, number][];
  readonly topSelf: readonly [string, number][];
}

/**
 * µs per request by stage over the counted load: from `skipUs` after the first sample
 * inside `method` to 0.2 s before the last one; requests = requestsPerSec × that window.
 */
function categorize(
  profile: CpuProfile,
  method: string,
  skipUs: number,
  requestsPerSec: number,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n);
  const inMethod = (id: number) => {
    for (let n = byId.get(id); n; n = parentOf.get(n.id))
      if (n.callFrame.functionName === method) return true;
    return false;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) {
    t += delta;
    times.push(t);
  }
  const first = profile.samples.findIndex(inMethod);
  let last = profile.samples.length - 1;
  while (last > 0 && !inMethod(profile.samples[last]!)) last--;
  const from = (times[first] ?? 0) + skipUs;
  const to = (times[last] ?? 0) - 200_000;
  const stageUs = new Map<string, number>();
  const selfUs = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const at = times[i] ?? 0;
    if (at < from || at > to) return;
    const node = byId.get(id)!;
    const us = profile.timeDeltas[i] ?? 0;
    const stage = stageOf(node, parentOf);
    stageUs.set(stage, (stageUs.get(stage) ?? 0) + us);
    const where = node.callFrame.url.replace(/^.*\/(node_modules|dist)\//, "");
    const name = `${node.callFrame.functionName || "(anonymous)"} ${where}`.trim();
    selfUs.set(name, (selfUs.get(name) ?? 0) + us);
  });
  const requests = (requestsPerSec * (to - from)) / 1e6;
  const perRequest = (entries: Map<string, number>) =>
    [...entries]
      .filter(([name]) => !name.startsWith("(idle)"))
      .map(([name, us]): [string, number] => [name, round(us / requests, 1)])
      .sort((a, b) => b[1] - a[1]);
  const categories = perRequest(stageUs);
  return {
    busyUsPerRequest: round(
      categories.reduce((sum, [, us]) => sum + us, 0),
      1,
    ),
    categories,
    topSelf: perRequest(selfUs).slice(0, 15),
  };
}

/**
 * CPU µs (user + system, this process) per call of `fn`: median of 7 batches after a
 * warm-up batch. CPU time, not wall time, so that other work on the machine counts less.
 */
async function stageUs(fn: () => unknown, batch = 2000): Promise<number> {
  const perBatch: number[] = [];
  for (let b = 0; b < 8; b++) {
    const started = process.cpuUsage();
    for (let i = 0; i < batch; i++) await fn();
    const used = process.cpuUsage(started);
    if (b > 0) perBatch.push((used.user + used.system) / batch);
  }
  return round(median(perBatch), 1);
}

/** A call as grpc-js hands it to a service method: an emitter with the request and a deadline. */
function fakeCall(request: WireQueryDataRequest): ServerUnaryCall<WireQueryDataRequest, unknown> {
  const call = Object.assign(new EventEmitter(), {
    request,
    metadata: new Metadata(),
    cancelled: false,
    getDeadline: () => new Date(Date.now() + 60_000),
  });
  return call as unknown as ServerUnaryCall<WireQueryDataRequest, unknown>;
}

async function stages(): Promise<[string, number][]> {
  await frameEncodersReady();
  const metrics = new ShimMetrics(false);
  await metrics.start();
  const data = serviceDefinition("v2/backend.proto", "pluginv2.Data").QueryData!;
  const type = protoRoot("v2/backend.proto").lookupType("pluginv2.QueryDataRequest");
  const bytes = Buffer.from(type.encode(type.fromObject(small.request)).finish());
  const wire = data.requestDeserialize(bytes) as WireQueryDataRequest;
  const { request } = dataRequestFromProto(wire);
  const query = request.queries[0]!;
  const twin: FramesHandler = echoFrames;
  const signal = new AbortController().signal;
  const answer = await twin.queryData(query, { request, signal, log });
  const response = { frames: answer.frames ?? [] };
  const encoded = { responses: { A: dataResponseToProto("A", response, "arrow") } };
  const limits = { concurrency: 16, timeoutMs: 30_000, answerBudgetMiB: 256 };
  const tracing = contextOnlyTracing();
  const service = dataImplementation({ handler: twin, log, metrics, tracing, ...limits });
  const untraced = fakeCall(wire);
  const serve = (call: ServerUnaryCall<WireQueryDataRequest, unknown>) =>
    new Promise<unknown>((resolve) => service.QueryData(call as never, (_e, v) => resolve(v)));
  return [
    ["protobufjs decode QueryDataRequest", await stageUs(() => data.requestDeserialize(bytes))],
    [
      "request conversion (dataRequestFromProto: query JSON, jsonData)",
      await stageUs(() => dataRequestFromProto(wire)),
    ],
    [
      "runEach of one query with the call's end (one timer; a signal only if read)",
      await stageUs(() => runEach([query], (q) => q, { ...limits, ...callEnd(fakeCall(wire)) })),
    ],
    [
      "twin queryData (frame JSON parse)",
      await stageUs(() => twin.queryData(query, { request, signal, log })),
    ],
    [
      "Arrow encode of the 10-point frame",
      await stageUs(() => dataResponseToProto("A", response, "arrow")),
    ],
    [
      "  (the same frame as frame JSON, for comparison)",
      await stageUs(() => dataResponseToProto("A", response, "json")),
    ],
    ["protobufjs encode QueryDataResponse", await stageUs(() => data.responseSerialize(encoded))],
    [
      "metrics (prom-client counters, histogram)",
      await stageUs(() =>
        metrics.request({
          route: "/pluginv2.Data/QueryData",
          handler: "echo-frames",
          datasourceType: "echo",
          seconds: 0.001,
          queries: 1,
          pluginErrors: 0,
          downstreamErrors: 0,
        }),
      ),
    ],
    [
      "trace context of a call without one (tracing off)",
      await stageUs(() => tracing.begin("sdk.queryData", metadataReader(untraced.metadata))),
    ],
    ["logging (warn level: nothing per query)", 0],
    ["whole QueryData service method (no gRPC)", await stageUs(() => serve(fakeCall(wire)))],
    [
      "  + protobufjs decode and encode",
      await stageUs(async () =>
        data.responseSerialize(
          await serve(fakeCall(data.requestDeserialize(bytes) as WireQueryDataRequest)),
        ),
      ),
    ],
  ];
}

/** A plugin executable that runs the shim under the CPU profiler, writing into `dir`. */
/** The tsc tree, not the bundle: in the bundle's chunks the stages' files cannot be told apart. */
const shimTscTree = join(root, "dist/src/cli/main.js");

function profiledShim(tmp: string, dir: string): string {
  const wrapper = join(tmp, "shim-cpu-prof");
  const node = JSON.stringify(process.execPath);
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec ${node} --cpu-prof --cpu-prof-dir=${JSON.stringify(dir)} ${JSON.stringify(shimTscTree)}\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

async function load(tmp: string, plugin: string, tag: string): Promise<LoadResult> {
  const requestsFile = writeRequests(small, tmp);
  return runLoad({
    plugin,
    env: shimEnv(tmp),
    requestsFile,
    outFile: join(tmp, `${tag}.out.json`),
    concurrency: small.concurrency,
    warmupSec,
    durationSec,
  });
}

function printStages(rows: readonly [string, number][]): void {
  printTable("plugin-v2-profile stages: the small request's path in-process, CPU µs per request", [
    ["", "µs"],
    ...rows.map(([name, us]) => [name, fixed(us, 1)]),
  ]);
}

function printProfile(summary: ProfileSummary, plain: LoadResult, profiled: LoadResult): void {
  const total = summary.busyUsPerRequest;
  printTable(
    `plugin-v2-profile profile: shim under host-v2 -bench -concurrency 8 with --cpu-prof, ${durationSec} s counted\n` +
      `  ${fixed(profiled.throughputPerSec, 0)} req/s profiled (${fixed(plain.throughputPerSec, 0)} plain); main-thread busy ${fixed(total, 0)} µs/request profiled, ` +
      `process CPU ${fixed(plain.cpuUsPerRequest, 0)} µs/request plain (all threads)`,
    [
      ["", "µs/req", "%"],
      ...summary.categories.map(([name, us]) => [name, fixed(us, 1), fixed((100 * us) / total, 1)]),
    ],
  );
  printTable("  top functions by self time", [
    ["", "µs/req"],
    ...summary.topSelf.map(([name, us]) => [name, fixed(us, 1)]),
  ]);
}

/** The biggest parts as shares of the busy samples, for the summary of scripts/bench.mjs. */
function shares(summary: ProfileSummary): Record<string, number> {
  const top = summary.categories.slice(0, 4);
  return Object.fromEntries(
    top.map(([name, us]) => [
      `share ${name.split(" (")[0]}`,
      round(us / summary.busyUsPerRequest, 2),
    ]),
  );
}

async function main(): Promise<void> {
  printMachine("plugin-v2-profile");
  const rows = await stages();
  printStages(rows);
  const tmp = mkdtempSync(join(tmpdir(), "bench-v2-profile-"));
  try {
    const plain = await load(tmp, shim, "plain");
    const profileDir = join(tmp, "profile");
    mkdirSync(profileDir);
    const profiled = await load(tmp, profiledShim(tmp, profileDir), "profiled");
    const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
    if (!file) throw new Error("the profiled shim wrote no .cpuprofile");
    if (args.keep) cpSync(join(profileDir, file), join(args.keep, file));
    const profile = readProfile(join(profileDir, file));
    const skipUs = (warmupSec + 0.2) * 1e6;
    const summary = categorize(profile, "QueryData", skipUs, profiled.throughputPerSec);
    printProfile(summary, plain, profiled);
    emit({
      bench: "plugin-v2-profile",
      case: "small",
      stagesUs: Object.fromEntries(rows),
      plain,
      profiled,
      profileUsPerRequest: Object.fromEntries(summary.categories),
      ratio: shares(summary),
      aims: {},
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
