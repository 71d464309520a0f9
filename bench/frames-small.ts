/**
 * Small-frame encode benchmark: frameToArrow on the small answers a busy Grafana asks for
 * over and over, against apache-arrow's RecordBatchFileWriter writing the same frames (what
 * frameToArrow did before it reused footers), in the same process, rounds interleaved: one
 * frame again and again (its footer reused), and 1000 frames differing in refId (more
 * shapes than the cache holds: every footer encoded afresh).
 *
 *   node dist/bench/frames-small.js [--calls N] [--rounds N]
 */
import { parseArgs } from "node:util";
import { frameToArrow } from "../src/frames/arrow/frames.js";
import { frameToJSON } from "../src/frames/json/frames.js";
import type { Frame } from "../src/model/frame.js";
import { frameToArrowByWriter } from "../test/frames/arrow/file-writer-reference.js";
import { emit, fixed, printAims, printMachine, printTable } from "./lib/report.js";
import { median, ratio, round } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "5000" },
    rounds: { type: "string", default: "9" },
  },
});
const calls = Number(args.calls);
const rounds = Number(args.rounds);
const START = Date.UTC(2024, 0, 1);

/** plugin-v2-query's small answer: a 10-point series with labels and a unit. */
function series(refId: string): Frame {
  return {
    name: "A-series",
    refId,
    fields: [
      {
        name: "time",
        type: "time",
        nullable: false,
        values: Array.from({ length: 10 }, (_, i) => START + i * 15_000),
      },
      {
        name: "value",
        type: "float64",
        nullable: false,
        values: Array.from({ length: 10 }, (_, i) => i * 1.25),
        labels: { host: "web-1", job: "api" },
        config: { unit: "ms", displayNameFromDS: "latency" },
      },
    ],
  };
}

/** A 3-row table of the column kinds a SQL datasource answers with. */
function table(refId: string): Frame {
  return {
    refId,
    meta: { executedQueryString: "SELECT time, host, n, ok, load FROM hosts" },
    fields: [
      { name: "time", type: "time", nullable: false, values: [START, START + 1000, START + 2000] },
      { name: "host", type: "string", nullable: false, values: ["web-1", "web-2", "db-1"] },
      { name: "n", type: "int64", nullable: false, values: [1n, 20n, 300n] },
      { name: "ok", type: "bool", nullable: false, values: [true, false, true] },
      { name: "load", type: "float64", nullable: true, values: [0.5, null, 2.25] },
    ],
  };
}

const CASES = { series, table } as const;

/** µs per call of `encode` over `calls` calls (frames from `frameOf`, cycling). */
function perCall(frames: readonly Frame[], encode: (frame: Frame) => Uint8Array | string): number {
  let bytes = 0;
  const started = performance.now();
  for (let i = 0; i < calls; i++) bytes += encode(frames[i % frames.length]!).length;
  const us = ((performance.now() - started) * 1000) / calls;
  if (bytes === 0) throw new Error("nothing encoded");
  return us;
}

function main(): void {
  printMachine("frames-small");
  for (const [caseName, frameOf] of Object.entries(CASES)) {
    const same = [frameOf("A")];
    // More shapes than the footer cache holds, so every call encodes its footer afresh.
    const fresh = Array.from({ length: 1000 }, (_, i) => frameOf(`A${i}`));
    const ops = {
      writer: () => perCall(same, frameToArrowByWriter),
      "arrow, footer reused": () => perCall(same, frameToArrow),
      "writer, 1000 shapes": () => perCall(fresh, frameToArrowByWriter),
      "arrow, 1000 shapes": () => perCall(fresh, frameToArrow),
      "frame JSON": () => perCall(same, frameToJSON),
    };
    const runs = new Map<string, number[]>(Object.keys(ops).map((op) => [op, []]));
    for (const run of Object.values(ops)) run(); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [op, run] of Object.entries(ops)) runs.get(op)!.push(run());
    }
    const us = new Map([...runs].map(([op, samples]) => [op, median(samples)]));
    const writer = us.get("writer")!;
    const writerFresh = us.get("writer, 1000 shapes")!;
    const baseline = (op: string) => (op.includes("1000 shapes") ? writerFresh : writer);
    printTable(`${caseName} (${calls} calls × ${rounds} rounds, median µs per frame)`, [
      ["op", "µs", "÷ writer on the same frames"],
      ...[...us].map(([op, value]) => [op, fixed(value, 2), fixed(value / baseline(op), 2)]),
    ]);
    const reused = us.get("arrow, footer reused")!;
    const aims = { "Arrow encode with its footer reused faster than the writer": reused < writer };
    printAims(aims);
    emit({
      bench: "frames-small",
      case: caseName,
      ratio: {
        writer: ratio(reused, writer),
        newShapeVsWriter: ratio(us.get("arrow, 1000 shapes")!, writerFresh),
      },
      aims,
      ...Object.fromEntries([...us].map(([op, value]) => [op, round(value)])),
    });
  }
}

main();
