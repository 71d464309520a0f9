/**
 * Frame codec micro benchmark: frameToArrow/frameFromArrow, frameToJSON/frameFromJSON and
 * frameJSONParts (the text in pieces, as the gateway writes large answers) on 10 series ×
 * 100 000 points (time + float64; plain arrays and typed arrays) and on one 20-column ×
 * 100 000-row mixed table (the Go oracle's table in test/go/sdk-frames).
 * Each operation runs in its own process so its peak RSS is its own; the floor of each
 * operation is measured in the same process (a byte copy for Arrow, JSON.stringify/parse of
 * the bare value arrays for JSON) and printed as a ratio. Memory: the peak RSS the operation
 * adds, and what its output holds (JS heap plus ArrayBuffers) after a full GC.
 *
 *   node dist/bench/frames-codec.js [--rows N] [--reps N] [--case series|series-typed|table]
 *                                   [--packaged] [--runtime current|embedded]
 *
 * `--packaged` runs each operation under the V8 flags the packaged plugin runs with
 * (pluginNodeFlags: a small young generation; with `--runtime embedded`, the standalone
 * executables' standaloneNodeFlags), instead of Node's defaults. `--runtime
 * embedded` runs each on the Node 24 the standalone executables embed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { frameFromArrow, frameToArrow } from "../src/frames/arrow/frames.js";
import { frameFromJSON, frameJSONParts, frameToJSON } from "../src/frames/json/frames.js";
import type { Field, FieldType, Frame } from "../src/model/frame.js";
import { resetOwnPeak } from "./lib/processes.js";
import { emit, fixed, printAims, printMachine, printTable } from "./lib/report.js";
import { benchRuntime, type Runtime } from "./lib/runtime.js";
import { median, ratio, round } from "./lib/stats.js";

const OPS = ["arrow-encode", "arrow-decode", "json-encode", "json-parts", "json-decode"] as const;
type Op = (typeof OPS)[number];
const CASES = ["series", "series-typed", "table"] as const;

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    reps: { type: "string", default: "5" },
    case: { type: "string" },
    packaged: { type: "boolean", default: false },
    runtime: { type: "string", default: "current" },
    child: { type: "string" }, // internal: "<case>#<op>#<input file>"
  },
});
const rows = Number(args.rows);
const reps = Number(args.reps);

/** A deterministic PRNG (mulberry32) and a normal variate, so every run sees the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-300)) * Math.cos(2 * Math.PI * next());
}

const START = Date.UTC(2024, 0, 1);

function seriesFrames(typed: boolean): Frame[] {
  const next = random(10);
  return Array.from({ length: 10 }, (_, s) => {
    const time = typed ? new Float64Array(rows) : new Array<number>(rows);
    const value = typed ? new Float64Array(rows) : new Array<number>(rows);
    for (let i = 0; i < rows; i++) {
      time[i] = START + i * 15_000;
      value[i] = Math.round(normal(next) * 1e4) / 100;
    }
    const fields: Field[] = [
      { name: "time", type: "time", nullable: false, values: time },
      {
        name: "value",
        type: "float64",
        nullable: false,
        values: value,
        labels: { series: `${s}` },
      },
    ];
    return { name: `series ${s}`, fields };
  });
}

// The oracle's 20 columns; "?" marks nullable ones (every 7th row from row 3 is null).
const TABLE_COLUMNS = [
  "time",
  "float64",
  "float64?",
  "int64",
  "int64?",
  "string",
  "string?",
  "bool",
  "int32",
  "uint8",
  "float32",
  "bool?",
  "uint64",
  "int16",
  "time?",
  "string",
  "float64",
  "uint32?",
  "enum",
  "json",
] as const;
const WORDS = ["alpha", "beta", "gamma", "delta", "a somewhat longer cell value"];

function cell(type: FieldType, next: () => number, i: number): unknown {
  const int = (bits: number) => Math.floor(next() * 2 ** bits) - 2 ** (bits - 1);
  const cells: Record<FieldType, () => unknown> = {
    time: () => START + i * 1000,
    float64: () => normal(next) * 100,
    float32: () => Math.fround(normal(next)),
    string: () => WORDS[Math.floor(next() * WORDS.length)],
    bool: () => next() < 0.5,
    json: () => ({ row: i }),
    int8: () => int(8),
    int16: () => int(16),
    int32: () => int(32),
    int64: () => BigInt.asIntN(64, BigInt(int(32)) * 4294967296n + BigInt(int(32))),
    uint8: () => Math.floor(next() * 256),
    uint16: () => Math.floor(next() * 65536),
    uint32: () => Math.floor(next() * 4294967296),
    uint64: () => BigInt.asUintN(64, BigInt(int(32)) * 4294967296n + BigInt(int(32))),
    enum: () => Math.floor(next() * 4),
  };
  return cells[type]();
}

function tableFrame(): Frame {
  const next = random(20);
  const fields = TABLE_COLUMNS.map((column, c): Field => {
    const type = column.replace("?", "") as FieldType;
    const nullable = column.endsWith("?");
    const values = Array.from({ length: rows }, (_, i) =>
      nullable && i % 7 === 3 ? null : cell(type, next, i),
    );
    return { name: `col${String(c).padStart(2, "0")}_${type}`, type, nullable, values } as Field;
  });
  return { name: "table", fields };
}

function framesOf(caseName: string): { frames: Frame[]; points: number } {
  if (caseName === "table") return { frames: [tableFrame()], points: TABLE_COLUMNS.length * rows };
  return { frames: seriesFrames(caseName === "series-typed"), points: 10 * rows };
}

interface Timing {
  readonly case: string;
  readonly op: Op;
  readonly medianMs: number;
  readonly floorMs: number;
  readonly pointsPerSec: number;
  readonly bytes: number;
  readonly inputRssKiB: number;
  readonly peakRssKiB: number;
  /** JS heap plus external memory (ArrayBuffers) the output holds after a full GC. */
  readonly heldBytes: number;
  /** Size of the case's Arrow payload, the unit of the memory aim. */
  readonly arrowBytes: number;
}

/** Median of `reps` timed runs after one warm-up; returns it with what the last run gave. */
function timed<T>(run: () => T): { ms: number; last: T } {
  let last = run();
  const runs: number[] = [];
  for (let i = 0; i < reps; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    last = run();
    runs.push(performance.now() - started);
  }
  return { ms: median(runs), last };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("run with --expose-gc");
  collect();
}

/**
 * JS heap plus external memory (ArrayBuffers, Buffers) after full GCs; ArrayBuffers are
 * released after the GC that finds them dead, so it waits and collects until the figure holds.
 */
async function liveBytes(): Promise<number> {
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const usage = process.memoryUsage();
    const now = usage.heapUsed + usage.external;
    if (Math.abs(now - last) < 64 * 1024) return now;
    last = now;
  }
  return last;
}

/** Memory the output of one run holds, the output kept alive until measured. */
async function held(output: () => unknown): Promise<number> {
  const before = await liveBytes();
  const kept = output();
  const after = await liveBytes();
  if (kept === undefined) throw new Error("no output");
  return Math.max(0, after - before);
}

function* lengthsOf(parts: Iterable<string>): Generator<number> {
  for (const part of parts) yield part.length;
}

/** Child process: time one operation of one case, plus its floor. */
async function child(caseName: string, op: Op, inputFile: string): Promise<Timing> {
  const { frames, points } = framesOf(caseName);
  const input = JSON.parse(readFileSync(inputFile, "utf8")) as { arrow: string[]; json: string[] };
  const arrow = input.arrow.map((b64) => new Uint8Array(Buffer.from(b64, "base64")));
  const json = input.json;
  const bare = frames.map((f) =>
    f.fields.map((field) =>
      Array.from(field.values as ArrayLike<unknown>, (v) =>
        typeof v === "bigint" ? Number(v) : v,
      ),
    ),
  );
  const bareText = bare.map((b) => JSON.stringify(b));
  (globalThis as { gc?: () => void }).gc?.();
  const inputRssKiB = Math.round(process.memoryUsage().rss / 1024);
  // The operation's own peak: reading the input may have peaked higher than it holds.
  const ownPeakKiB = resetOwnPeak();
  const sum = <T>(items: T[], size: (item: T) => number) => items.reduce((n, x) => n + size(x), 0);
  const ops: Record<Op, { run: () => number; floor: () => number; output: () => unknown }> = {
    "arrow-encode": {
      run: () => sum(frames, (f) => frameToArrow(f).length),
      floor: () => sum(arrow, (b) => b.slice().length),
      output: () => frames.map(frameToArrow),
    },
    "arrow-decode": {
      run: () => sum(arrow, (b) => frameFromArrow(b).fields.length && b.length),
      floor: () => sum(arrow, (b) => b.slice().length),
      output: () => arrow.map(frameFromArrow),
    },
    "json-encode": {
      run: () => sum(frames, (f) => frameToJSON(f).length),
      floor: () => sum(bare, (b) => JSON.stringify(b).length),
      output: () => frames.map(frameToJSON),
    },
    // What the HTTP gateway does with a large answer: the text in pieces, each sent and dropped.
    "json-parts": {
      run: () => sum(frames, (f) => sum([...lengthsOf(frameJSONParts(f))], (n) => n)),
      floor: () => sum(bare, (b) => JSON.stringify(b).length),
      output: () => frames.map((f) => sum([...lengthsOf(frameJSONParts(f))], (n) => n)),
    },
    "json-decode": {
      run: () => sum(json, (t) => frameFromJSON(t).fields.length && t.length),
      floor: () => sum(bareText, (t) => (JSON.parse(t) as unknown[]).length && t.length),
      output: () => json.map(frameFromJSON),
    },
  };
  const measured = timed(ops[op].run);
  const peakRssKiB = ownPeakKiB();
  const heldBytes = await held(ops[op].output);
  const floor = timed(ops[op].floor);
  return {
    case: caseName,
    op,
    medianMs: round(measured.ms),
    floorMs: round(floor.ms),
    pointsPerSec: Math.round(points / (measured.ms / 1000)),
    bytes: measured.last,
    inputRssKiB,
    peakRssKiB,
    heldBytes,
    arrowBytes: sum(arrow, (b) => b.length),
  };
}

const memoryAim = 3;

/** Peak RSS the operation added over its input (frames, Arrow and JSON held), per Arrow byte. */
function memoryRatio(t: Omit<Timing, "case">): number {
  return (Math.max(0, t.peakRssKiB - t.inputRssKiB) * 1024) / t.arrowBytes;
}

/** Memory the output holds after a full GC, per Arrow byte. */
function heldRatio(t: Omit<Timing, "case">): number {
  return t.heldBytes / t.arrowBytes;
}

function runChild(runtime: Runtime, caseName: string, op: Op, inputFile: string): Timing {
  const self = fileURLToPath(import.meta.url);
  const flags = args.packaged ? runtime.packagedFlags : [];
  const argv = ["--expose-gc", ...flags, self, "--rows", `${rows}`, "--reps", `${reps}`];
  const result = spawnSync(runtime.path, [...argv, "--child", `${caseName}#${op}#${inputFile}`], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`${caseName} ${op} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as Timing;
}

async function main(): Promise<void> {
  if (args.child) {
    const [caseName, op, file] = args.child.split("#") as [string, Op, string];
    console.log(JSON.stringify(await child(caseName, op, file)));
    return;
  }
  const runtime = await benchRuntime(args.runtime);
  printMachine("frames-codec");
  const flags = args.packaged ? ` under ${runtime.packagedFlags.join(" ")}` : "";
  console.log(`every operation on Node.js ${runtime.version}${flags}`);
  const dir = mkdtempSync(join(tmpdir(), "frames-codec-"));
  try {
    for (const caseName of args.case ? [args.case] : CASES) {
      const { frames } = framesOf(caseName);
      const inputFile = join(dir, `${caseName}.json`);
      const arrow = frames.map((f) => Buffer.from(frameToArrow(f)).toString("base64"));
      writeFileSync(inputFile, JSON.stringify({ arrow, json: frames.map(frameToJSON) }));
      const timings = OPS.map((op) => runChild(runtime, caseName, op, inputFile));
      printTable(`${caseName} (${frames.length} frame(s), ${rows} rows)`, [
        [
          "op",
          "median ms",
          "M points/s",
          "× floor",
          "bytes",
          "input MiB",
          "peak MiB",
          "added ÷ Arrow",
          "held ÷ Arrow",
        ],
        ...timings.map((t) => [
          t.op,
          fixed(t.medianMs),
          fixed(t.pointsPerSec / 1e6, 2),
          fixed(t.medianMs / t.floorMs, 2),
          `${t.bytes}`,
          fixed(t.inputRssKiB / 1024),
          fixed(t.peakRssKiB / 1024),
          fixed(memoryRatio(t), 2),
          fixed(heldRatio(t), 2),
        ]),
      ]);
      for (const { case: name, ...figures } of timings) {
        const ratios = {
          floor: ratio(figures.medianMs, figures.floorMs),
          memory: round(memoryRatio(figures), 2),
          held: round(heldRatio(figures), 2),
        };
        const aims = {
          [`${figures.op} peak RSS added <= ${memoryAim}× the Arrow payload`]:
            ratios.memory <= memoryAim,
          [`${figures.op} memory held after GC <= ${memoryAim}× the Arrow payload`]:
            ratios.held <= memoryAim,
        };
        printAims(aims);
        emit({
          bench: "frames-codec",
          case: `${name}/${figures.op}`,
          ratio: ratios,
          aims,
          ...figures,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
