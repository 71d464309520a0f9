/** Starting plugins by hand: time to the handshake line, time to exit, memory from /proc. */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { median, round } from "./stats.js";

export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  /** From just before spawn to the first newline on stdout. */
  readonly handshakeMs: number;
  readonly line: string;
}

/** Starts `exe` and resolves once it printed its first stdout line (the handshake). */
export function startPlugin(
  exe: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
  args: readonly string[] = [],
): Promise<Started> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(exe, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    let errText = "";
    child.stderr.on("data", (chunk: Buffer) => {
      if (errText.length < 4096) errText += chunk.toString("utf8");
    });
    const timer = setTimeout(() => fail(`no handshake in ${timeoutMs} ms`), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${exe}: ${why}\n${errText.trim()}`));
    }
    child.on("error", (error) => fail(error.message));
    child.on("exit", (code) => fail(`exited (${code}) before its handshake`));
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const end = text.indexOf("\n");
      if (end < 0) return;
      const handshakeMs = performance.now() - started;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      resolve({ child, pid: child.pid ?? -1, handshakeMs, line: text.slice(0, end) });
    });
  });
}

/** Stops a started plugin (SIGTERM, then SIGKILL after a second) and waits for its exit. */
export function stopPlugin(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 1000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Milliseconds from just before spawn to the process's exit. */
export function timeToExit(
  exe: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(exe, args, { env, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${exe} ${args.join(" ")} exited with ${code}`));
    });
  });
}

/** A line of /proc/<pid>/status in KiB (VmRSS: resident now, VmHWM: peak, RssAnon: not file pages); NaN if gone. */
export function statusKiB(pid: number, field: "VmRSS" | "VmHWM" | "RssAnon"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts a new peak for this process: Linux resets its VmHWM to the present RSS when "5" is
 * written to /proc/self/clear_refs. Returns ownPeakKiB, this process's peak RSS since the reset
 * (since its start where there is no such reset).
 */
export function resetOwnPeak(): () => number {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    return () => process.resourceUsage().maxRSS;
  }
  return () => statusKiB(process.pid, "VmHWM");
}

/** VmRSS (or its anonymous part, RssAnon) in MiB a second after the handshake, median of `runs` starts. */
export async function idleRssMiB(
  exe: string,
  env: NodeJS.ProcessEnv,
  runs: number,
  field: "VmRSS" | "RssAnon" = "VmRSS",
): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = await startPlugin(exe, env);
    await sleep(1000);
    samples.push(statusKiB(started.pid, field) / 1024);
    await stopPlugin(started.child);
  }
  return round(median(samples), 1);
}

/** Pids whose parent is `pid` (this kernel has no /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // After "pid (comm) state ppid": comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** utime + stime of a process in clock ticks (1/100 s on Linux); NaN once it is gone. */
export function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/** A process's CPU time at a moment (ms since the load started). */
export interface CpuSample {
  readonly ms: number;
  readonly ticks: number;
}

/** CPU µs per request between `fromMs` and `toMs`, at `rps` requests a second; NaN without samples. */
export function cpuPerRequest(
  samples: readonly CpuSample[],
  fromMs: number,
  toMs: number,
  rps: number,
): number {
  const inside = samples.filter((s) => s.ms >= fromMs && s.ms <= toMs && Number.isFinite(s.ticks));
  const first = inside[0];
  const last = inside.at(-1);
  if (!first || !last || last.ms - first.ms < 500) return Number.NaN;
  const cpuUs = (last.ticks - first.ticks) * 10_000;
  return round(cpuUs / (((last.ms - first.ms) / 1000) * rps), 1);
}

/** What a host's plugin process used while a load ran: peak RSS and CPU samples, from /proc. */
export interface PluginSampler {
  readonly samples: CpuSample[];
  /** VmHWM of the plugin (KiB) at the last look; NaN before it was found. */
  peakRssKiB(): number;
  stop(): void;
}

/** Looks at the first child of `host` every 100 ms; `started` is the load's performance.now(). */
export function samplePlugin(host: ChildProcess, started: number): PluginSampler {
  const samples: CpuSample[] = [];
  let peak = Number.NaN;
  let pid: number | undefined;
  const poll = setInterval(() => {
    pid ??= host.pid === undefined ? undefined : childPids(host.pid)[0];
    if (pid === undefined) return;
    const kib = statusKiB(pid, "VmHWM");
    if (Number.isFinite(kib)) peak = kib;
    samples.push({ ms: performance.now() - started, ticks: cpuTicks(pid) });
  }, 100);
  return { samples, peakRssKiB: () => peak, stop: () => clearInterval(poll) };
}
