/**
 * Load through a real go-plugin host: `host-current -bench` starts the plugin,
 * then cycles through the requests from `concurrency` goroutines for `duration`
 * and reports latency percentiles and throughput. Meanwhile the plugin's peak
 * RSS and CPU time are read from /proc.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { binDir } from "./paths.js";
import { cpuPerRequest, samplePlugin } from "./processes.js";

export interface LoadOptions {
  readonly host: string;
  readonly plugin: string;
  readonly env: NodeJS.ProcessEnv;
  readonly requestsFile: string;
  readonly outFile: string;
  readonly concurrency: number;
  readonly durationSec: number;
  /** Load before the counted part (JIT, heap growth), not counted; none unless given. */
  readonly warmupSec?: number;
}

export interface LoadResult {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly throughputPerSec: number;
  /** The host's time to start the plugin and dispense it. */
  readonly startMs: number;
  /** The plugin's peak resident memory (VmHWM) as last seen during the load, in KiB. */
  readonly peakRssKiB: number;
  /** Plugin CPU time (user + system, all threads) per request over the counted load, µs. */
  readonly cpuUsPerRequest?: number;
}

/** Without a warm-up, the load's first second is not counted in CPU per request: JIT and heap growth are start-up costs. */
const uncountedMs = 1000;

export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const warmupSec = o.warmupSec ?? 0;
  const args = [
    "-plugin",
    o.plugin,
    "-requests",
    o.requestsFile,
    "-out",
    o.outFile,
    "-bench",
    "-concurrency",
    String(o.concurrency),
    "-duration",
    `${o.durationSec}s`,
    "-timeout",
    `${warmupSec + o.durationSec + 60}s`,
    ...(warmupSec > 0 ? ["-warmup", `${warmupSec}s`] : []),
  ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const host = execFile(
      join(binDir, o.host),
      args,
      { env: o.env, timeout: (warmupSec + o.durationSec + 90) * 1000 },
      (error, _stdout, stderr) => {
        sampler.stop();
        if (error) {
          reject(
            new Error(`${o.host} -bench with ${o.plugin} failed: ${error.message}\n${stderr}`),
          );
          return;
        }
        const report = JSON.parse(readFileSync(o.outFile, "utf8")) as LoadResult;
        const from = report.startMs + (warmupSec > 0 ? warmupSec * 1000 + 200 : uncountedMs);
        const to = report.startMs + (warmupSec + o.durationSec) * 1000 - 200;
        resolve({
          count: report.count,
          errors: report.errors,
          p50Ms: report.p50Ms,
          p99Ms: report.p99Ms,
          meanMs: report.meanMs,
          throughputPerSec: report.throughputPerSec,
          startMs: report.startMs,
          peakRssKiB: sampler.peakRssKiB(),
          cpuUsPerRequest: cpuPerRequest(sampler.samples, from, to, report.throughputPerSec),
        });
      },
    );
    const sampler = samplePlugin(host, started);
  });
}
