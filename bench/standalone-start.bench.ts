/**
 * The standalone executable `grafana-shim package` writes (Node.js 24 and the shim in one file):
 * exec → handshake line against bin/grafana-shim (on the Node.js running the benchmark) and
 * against `node -e 0` of the embedded runtime, interleaved; where its start goes (the runtime's
 * own start, then `--version`, which loads the main script and its code cache but starts no
 * plugin); idle RSS of both, and its anonymous part (file pages depend on how the page cache
 * holds the executable: one just written in one piece maps in large folios); and the file size
 * of each platform's executable.
 *
 *   node dist/bench/standalone-start.bench.js [--runs 20] [--rss-runs 3]
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launcherName } from "../src/cli/package-launchers.js";
import { localTarget, writeStandalone } from "../src/cli/package-standalone.js";
import { runtimeBinary, runtimeVersion, standaloneTargets } from "../src/cli/standalone-runtime.js";
import { cleanEnv } from "../test/clean-env.js";
import { ensureGoPeers, root, shim } from "./lib/paths.js";
import { hostVariables, shimVariables } from "./lib/plugin-env.js";
import { idleRssMiB, startPlugin, stopPlugin, timeToExit } from "./lib/processes.js";
import { emit, fixed, printAims, printMachine, printTable, times } from "./lib/report.js";
import { ratio, type Spread, spread } from "./lib/stats.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    "rss-runs": { type: "string", default: "3" },
  },
});
const runs = Number(args.runs);
/** The first rounds fill the file cache; they are not counted. */
const warmUp = 2;
const aims = { medianMs: 80, overShim: 0.5, idleRssMiB: 70 };

async function handshakeMs(exe: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = await startPlugin(exe, env, 10_000);
  await stopPlugin(started.child);
  return started.handshakeMs;
}

type Case = "runtime" | "version" | "standalone" | "shim";

async function measureStarts(
  tmp: string,
  runtime: string,
  standalone: string,
): Promise<Record<Case, number[]>> {
  const plainEnv = cleanEnv({ TMPDIR: tmp });
  const pluginEnv = cleanEnv({ TMPDIR: tmp, ...hostVariables, ...shimVariables });
  const samples: Record<Case, number[]> = { runtime: [], version: [], standalone: [], shim: [] };
  for (let i = 0; i < warmUp + runs; i++) {
    const round = {
      runtime: await timeToExit(runtime, ["-e", "0"], plainEnv),
      version: await timeToExit(standalone, ["--version"], plainEnv),
      standalone: await handshakeMs(standalone, pluginEnv),
      shim: await handshakeMs(shim, pluginEnv),
    };
    if (i < warmUp) continue;
    for (const key of Object.keys(round) as Case[]) samples[key].push(round[key]);
  }
  return samples;
}

function row(name: string, s: Spread, runtime: Spread, viaShim: Spread): string[] {
  return [
    name,
    fixed(s.medianMs),
    fixed(s.p90Ms),
    fixed(s.minMs),
    times(s.medianMs / runtime.medianMs),
    times(s.medianMs / viaShim.medianMs),
  ];
}

async function main(): Promise<void> {
  await ensureGoPeers();
  printMachine("standalone-start");
  const local = localTarget();
  if (local === undefined) {
    console.log(`standalone-start: skipped, Node.js ${runtimeVersion} from npm does not run here`);
    return;
  }
  const dir = join(root, "bench/.bin");
  mkdirSync(dir, { recursive: true });
  const sizes: Record<string, number> = {};
  for (const target of standaloneTargets) {
    const file = join(dir, launcherName("grafana-shim-standalone", target.target));
    sizes[target.target] = (await writeStandalone(target, file)).bytes;
    if (target !== local) rmSync(file);
  }
  const standalone = join(dir, launcherName("grafana-shim-standalone", local.target));
  const runtime = await runtimeBinary(local);
  const tmp = mkdtempSync(join(tmpdir(), "bench-standalone-"));
  try {
    const samples = await measureStarts(tmp, runtime, standalone);
    const s = {
      runtime: spread(samples.runtime),
      version: spread(samples.version),
      standalone: spread(samples.standalone),
      shim: spread(samples.shim),
    };
    printTable(
      `standalone-start: exec → handshake line (runtime, --version: exec → exit), ${runs} runs each, interleaved`,
      [
        ["", "median ms", "p90 ms", "min ms", "/runtime", "/bin/grafana-shim"],
        row(`node ${runtimeVersion} -e 0 (embedded runtime)`, s.runtime, s.runtime, s.shim),
        row("standalone --version", s.version, s.runtime, s.shim),
        row(`standalone (${local.target})`, s.standalone, s.runtime, s.shim),
        row(`bin/grafana-shim (node ${process.version})`, s.shim, s.runtime, s.shim),
      ],
    );
    printTable("standalone-start: where the standalone start goes (differences of medians)", [
      ["step", "ms"],
      ["the runtime's own start and exit (node -e 0)", fixed(s.runtime.medianMs)],
      [
        "reading the 4 MB main script with its code cache, to --version's exit",
        fixed(s.version.medianMs - s.runtime.medianMs),
      ],
      [
        "plugin mode: evaluating its modules, settings, handler, protos, binding the socket",
        fixed(s.standalone.medianMs - s.version.medianMs),
      ],
    ]);
    const env = cleanEnv({ TMPDIR: tmp, ...hostVariables, ...shimVariables });
    const rssRuns = Number(args["rss-runs"]);
    const rss = {
      standalone: await idleRssMiB(standalone, env, rssRuns),
      shim: await idleRssMiB(shim, env, rssRuns),
      standaloneAnon: await idleRssMiB(standalone, env, rssRuns, "RssAnon"),
      shimAnon: await idleRssMiB(shim, env, rssRuns, "RssAnon"),
    };
    const mib = (bytes: number) => fixed(bytes / 1024 / 1024);
    printTable("standalone-start: idle RSS (1 s after the handshake) and file sizes", [
      ["", "MiB"],
      ["idle RSS, standalone", fixed(rss.standalone)],
      ["idle RSS, bin/grafana-shim", fixed(rss.shim)],
      [
        "  of it anonymous (the rest: pages of the executable and libraries), standalone",
        fixed(rss.standaloneAnon),
      ],
      ["  of it anonymous, bin/grafana-shim", fixed(rss.shimAnon)],
      ...Object.entries(sizes).map(([target, bytes]) => [`file, ${target}`, mib(bytes)]),
    ]);
    const overShim = ratio(s.standalone.medianMs, s.shim.medianMs);
    const met = {
      [`standalone median <= ${aims.medianMs} ms`]: s.standalone.medianMs <= aims.medianMs,
      [`standalone <= ${aims.overShim}x bin/grafana-shim`]: overShim <= aims.overShim,
      [`standalone idle RSS <= ${aims.idleRssMiB} MiB`]: rss.standalone <= aims.idleRssMiB,
    };
    printAims(met);
    emit({
      bench: "standalone-start",
      case: "start",
      runtimeVersion,
      ...s,
      idleRssMiB: rss,
      fileBytes: sizes,
      ratio: {
        standaloneOverShim: overShim,
        standaloneOverRuntime: ratio(s.standalone.medianMs, s.runtime.medianMs),
      },
      aims: met,
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
