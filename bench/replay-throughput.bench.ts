/**
 * Replay throughput: fixtures per second that `grafana-shim replay` checks, in
 * process, with its targets as real processes (started once, before timing):
 *   - offline: read, validate and compare each fixture with its own response
 *     (the floor: no target at all);
 *   - v1 against ref-plugin-v1 and against the shim running echo-legacy;
 *   - v2 against ref-plugin-v2 (frames decoded and compared).
 * The corpus is test/fixtures/recorded; each case loops over it for a few seconds.
 *
 *   node dist/bench/replay-throughput.bench.js [--seconds 4]
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLogger } from "../src/log/logger.js";
import { readFixture } from "../src/replay/fixture/fixture-file.js";
import { compareResponses, replayFixtures } from "../src/replay/run.js";
import { createTarget, type TargetSpec } from "../src/replay/targets/create-target.js";
import type { ReplayTarget } from "../src/replay/targets/target.js";
import { ensureGoPeers, root } from "./lib/paths.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { ratio, round } from "./lib/stats.js";

const { values: args } = parseArgs({ options: { seconds: { type: "string", default: "4" } } });
const seconds = Number(args.seconds);
const corpus = join(root, "test/fixtures/recorded");

function group(name: string, skip: (text: string) => boolean = () => false): string[] {
  return readdirSync(join(corpus, name))
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => join(corpus, name, n))
    .filter((file) => {
      const read = readFixture(file);
      return (
        read.ok &&
        !skip(JSON.stringify(read.fixture.response, (_k, v) => (typeof v === "bigint" ? 0 : v)))
      );
    });
}

interface Rate {
  readonly fixtures: number;
  readonly perSec: number;
  readonly failed: number;
}

/** Loops over `files` until the time is up; counts fixtures and the ones not ok. */
async function rate(
  files: readonly string[],
  once: (files: readonly string[]) => Promise<number>,
): Promise<Rate> {
  await once(files); // warm-up: targets started, modules loaded
  const started = performance.now();
  let fixtures = 0;
  let failed = 0;
  while (performance.now() - started < seconds * 1000) {
    failed += await once(files);
    fixtures += files.length;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { fixtures, perSec: round(fixtures / elapsed, 0), failed };
}

async function offline(files: readonly string[]): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const read = readFixture(file);
    if (!read.ok || (await compareResponses(read.fixture, read.fixture.response))) failed++;
  }
  return failed;
}

function againstTarget(target: ReplayTarget) {
  return async (files: readonly string[]) => {
    const outcomes = await replayFixtures(files, target, { update: false });
    return outcomes.filter((o) => o.verdict !== "ok").length;
  };
}

async function main(): Promise<void> {
  await ensureGoPeers();
  printMachine("replay-throughput");
  const tmp = mkdtempSync(join(tmpdir(), "bench-replay-"));
  process.env.TMPDIR = tmp;
  const log = createLogger({ level: "off", module: "bench" });
  const v1 = group("v1", (text) => text.includes('"grpcError"'));
  const v2 = group("v2");
  const targetOf = (spec: TargetSpec) =>
    createTarget(spec, {
      log,
      childLogLevel: "off",
      autoMtls: false,
      startTimeoutMs: 20_000,
      env: process.env,
    });
  const cases: [string, readonly string[], () => ReplayTarget | undefined][] = [
    ["offline v1+v2 (no target)", [...v1, ...v2], () => undefined],
    [
      "v1 → ref-plugin-v1",
      v1,
      () => targetOf({ kind: "plugin", exe: join(root, "test/.bin/ref-plugin-v1") }),
    ],
    [
      "v1 → shim echo-legacy",
      v1,
      () => targetOf({ kind: "handler", handler: join(root, "dist/test/handlers/echo-legacy.js") }),
    ],
    [
      "v2 → ref-plugin-v2",
      v2,
      () => targetOf({ kind: "plugin", exe: join(root, "test/.bin/ref-plugin-v2") }),
    ],
  ];
  const results: [string, Rate][] = [];
  try {
    for (const [name, files, make] of cases) {
      const target = make();
      try {
        results.push([name, await rate(files, target ? againstTarget(target) : offline)]);
      } finally {
        await target?.close();
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const floor = results[0]?.[1].perSec ?? Number.NaN;
  printTable(
    `replay-throughput: the recorded corpus (${v1.length} v1, ${v2.length} v2 fixtures), ${seconds} s per case`,
    [
      ["", "fixtures/s", "fixtures", "not ok", "vs offline"],
      ...results.map(([name, r]) => [
        name,
        fixed(r.perSec, 0),
        String(r.fixtures),
        String(r.failed),
        times(ratio(r.perSec, floor)),
      ]),
    ],
  );
  for (const [name, r] of results) {
    const aims = {
      "every replayed fixture matches": r.failed === 0,
      "at least 50 fixtures/s": r.perSec >= 50,
    };
    printAims(aims);
    emit({
      bench: "replay-throughput",
      case: name,
      seconds,
      ...r,
      ratio: { vsOffline: ratio(r.perSec, floor) },
      aims,
    });
  }
}

await main();
