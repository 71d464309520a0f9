/**
 * The plugin must not outlive its host, whatever a handler does. A handler that blocks the
 * event loop also blocks Shutdown and SIGTERM (their handlers never run), and go-plugin's Kill
 * waits for the Shutdown answer without a deadline, so nothing from the host ends such a
 * plugin. Something the main thread cannot stall watches the processes between the shim and
 * its host instead: once one of them is gone it asks the main thread to stop and SIGKILLs the
 * process if it is still there `killAfterMs` later. A stop begun for any other reason
 * (Shutdown, SIGTERM) is bounded the same way. Where there is a POSIX shell that is a /bin/sh
 * process running host-watchdog.sh (about 1 MiB); on Windows or without /bin/sh a worker
 * thread (about 9 MiB).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Logger } from "../../log/logger.js";
import { packageRoot } from "../../package-root.js";

export interface HostWatchdogOptions {
  /** How long a stop may take before the process is killed. */
  readonly killAfterMs: number;
  /** How often the host's processes are looked at. */
  readonly pollMs: number;
  readonly log: Logger;
  /** Runs on the main thread once the host is gone (when the main thread is free to run it). */
  readonly onHostGone: (why: string) => void;
}

export interface HostWatchdog {
  /** A stop has begun: the process is killed if it is still there after `killAfterMs`. */
  stopping(): void;
}

/** What the worker is given; it can import nothing of the shim's own. */
interface WatchData {
  readonly ppid: number;
  readonly pollMs: number;
  readonly killAfterMs: number;
  readonly logKill: boolean;
}

export function startHostWatchdog(o: HostWatchdogOptions): HostWatchdog {
  // A container image without a shell (distroless) keeps the worker too.
  return process.platform !== "win32" && existsSync("/bin/sh")
    ? shellWatchdog(o)
    : workerWatchdog(o);
}

/** The shell script's text; the bundles hold it (package-bundle.ts), as they hold no files. */
const watchdogScript = () =>
  readFileSync(join(packageRoot, "src/server/go-plugin/host-watchdog.sh"), "utf8");

function shellWatchdog(o: HostWatchdogOptions): HostWatchdog {
  const args = [
    ...["-c", watchdogScript(), "host-watchdog", String(process.pid)],
    ...[String(o.pollMs / 1000), String(o.killAfterMs / 1000), String(o.killAfterMs)],
    o.log.enabled("error") ? "1" : "0",
    ...watchedProcesses(process.ppid).map(({ pid, started }) => `${pid}:${started}`),
  ];
  // Its stderr is not the shim's: a host waiting for the plugin's pipes to close never waits on it.
  const child = spawn("/bin/sh", args, { stdio: ["ignore", "pipe", "ignore"] });
  child.unref();
  (child.stdout as Socket).unref();
  let reason = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    reason += chunk;
    if (reason.endsWith("\n")) o.onHostGone(reason.trim());
  });
  child.on("error", (error) =>
    o.log.warn("the host watchdog stopped: a host that goes away is no longer noticed", {
      error: String(error),
    }),
  );
  // Exit 3: no `sleep` on this system; the worker takes over (and a stop already begun).
  let fallback: HostWatchdog | undefined;
  let stopBegun = false;
  child.on("exit", (code) => {
    if (code !== 3) return;
    o.log.debug("no sleep command for the shell watchdog: using a worker thread");
    fallback = workerWatchdog(o);
    if (stopBegun) fallback.stopping();
  });
  process.once("exit", () => child.kill());
  return {
    stopping: () => {
      stopBegun = true;
      if (fallback) fallback.stopping();
      else child.kill("SIGUSR1");
    },
  };
}

/**
 * The processes watched: the parent and, on Linux, every ancestor up to the host: a launcher
 * script that runs Node without `exec` holds the shim's stdout pipe too, and the host is the
 * first ancestor that does not. stdin tells nothing (go-plugin hands the plugin its own, often
 * /dev/null), and a pipe whose reader is gone cannot be seen without writing to it. `started`
 * is /proc's start time (a pid reused is another process), empty where there is no /proc.
 */
function watchedProcesses(ppid: number): { pid: number; started: string }[] {
  const pipe = stdoutOf("self");
  const watched: { pid: number; started: string }[] = [];
  for (let pid = ppid; pid > 1 && watched.length < 8; ) {
    const fields = statFields(pid);
    if (!fields) break;
    watched.push({ pid, started: fields[19] ?? "" });
    if (!pipe?.startsWith("pipe:") || stdoutOf(pid) !== pipe) break;
    pid = Number(fields[1]);
  }
  // Without /proc the parent alone, by `kill -0`; init (or none) is no host to watch.
  if (watched.length > 0 || ppid <= 1) return watched;
  return [{ pid: ppid, started: "" }];
}

/** /proc/<pid>/stat after "pid (comm) ": [0] state, [1] ppid, [19] start time. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function stdoutOf(pid: number | "self"): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/fd/1`);
  } catch {
    return undefined;
  }
}

function workerWatchdog(o: HostWatchdogOptions): HostWatchdog {
  const data: WatchData = {
    ppid: process.ppid,
    pollMs: o.pollMs,
    killAfterMs: o.killAfterMs,
    logKill: o.log.enabled("error"),
  };
  // The function's own text, so the bundles and the tsc tree need no worker file beside them.
  const source = `(${watchHost.toString()})(require("node:worker_threads").workerData)`;
  const worker = new Worker(source, { eval: true, workerData: data });
  worker.unref();
  worker.on("message", (message: { readonly hostGone: string }) => o.onHostGone(message.hostGone));
  worker.on("error", (error) =>
    o.log.warn("the host watchdog stopped: a host that goes away is no longer noticed", {
      error: String(error),
    }),
  );
  return { stopping: () => worker.postMessage("stopping") };
}

/**
 * Runs in the worker, from its source text: everything it uses is inside it. Windows has no
 * /proc: the worker bounds a stop, and notices a parent whose exit changed `process.ppid`.
 */
function watchHost(data: WatchData): void {
  const fs = process.getBuiltinModule("node:fs");
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  let killing = false;
  const killLater = (why: string) => {
    if (killing) return;
    killing = true;
    setTimeout(() => {
      if (data.logKill) {
        const line = JSON.stringify({
          "@level": "error",
          "@message": `still running ${data.killAfterMs} ms after ${why}: killing the process`,
          "@module": "grafana-shim",
          "@timestamp": `${new Date().toISOString().slice(0, 23)}000Z`,
        });
        try {
          fs.writeSync(2, `${line}\n`);
        } catch {
          // The host and its end of stderr may be gone already.
        }
      }
      process.kill(process.pid, "SIGKILL");
    }, data.killAfterMs);
  };
  const poll = setInterval(() => {
    if (process.ppid === data.ppid) return;
    clearInterval(poll);
    const why = `the parent process ${data.ppid} exited`;
    parentPort?.postMessage({ hostGone: why });
    killLater(`the host went away (${why})`);
  }, data.pollMs);
  parentPort?.on("message", () => killLater("the stop began"));
}
