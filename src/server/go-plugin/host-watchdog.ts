/**
 * The plugin must not outlive its host, whatever a handler does. A handler that blocks the
 * event loop also blocks Shutdown and SIGTERM (their handlers never run), and go-plugin's Kill
 * waits for the Shutdown answer without a deadline, so nothing from the host ends such a
 * plugin. A worker thread, whose event loop the main thread cannot stall, watches the processes
 * between the shim and its host instead: once one of them is gone it asks the main thread to
 * stop and SIGKILLs the process if it is still there `killAfterMs` later. A stop begun for any
 * other reason (Shutdown, SIGTERM) is bounded the same way.
 */
import { Worker } from "node:worker_threads";
import type { Logger } from "../../log/logger.js";

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
 * Runs in the worker, from its source text: everything it uses is inside it. The processes
 * watched are the parent and, on Linux, every ancestor up to the host: a launcher script that
 * runs Node without `exec` holds the shim's stdout pipe too, and the host is the first
 * ancestor that does not. stdin tells nothing (go-plugin hands the plugin its own, often
 * /dev/null), and a pipe whose reader is gone cannot be seen without writing to it.
 */
function watchHost(data: WatchData): void {
  const fs = process.getBuiltinModule("node:fs");
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  // /proc/<pid>/stat after "pid (comm) ": [0] state, [1] ppid, [19] start time.
  const stat = (pid: number): string[] | undefined => {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      return text.slice(text.lastIndexOf(")") + 2).split(" ");
    } catch {
      return undefined;
    }
  };
  const stdoutOf = (pid: number | "self"): string | undefined => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/1`);
    } catch {
      return undefined;
    }
  };
  const pipe = stdoutOf("self");
  const watched: { readonly pid: number; readonly started: string }[] = [];
  for (let pid = data.ppid; pid > 1 && watched.length < 8; ) {
    const fields = stat(pid);
    if (!fields) break;
    watched.push({ pid, started: fields[19] ?? "" });
    if (!pipe?.startsWith("pipe:") || stdoutOf(pid) !== pipe) break;
    pid = Number(fields[1]);
  }
  const goneReason = (): string | undefined => {
    if (process.ppid !== data.ppid) return `the parent process ${data.ppid} exited`;
    for (const { pid, started } of watched) {
      const fields = stat(pid);
      // A zombie has exited; another start time means the pid was reused.
      if (!fields || fields[0] === "Z" || fields[0] === "X" || fields[19] !== started)
        return `process ${pid} (${pid === data.ppid ? "the parent" : "the host"}) exited`;
    }
    return undefined;
  };
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
    const why = goneReason();
    if (why === undefined) return;
    clearInterval(poll);
    parentPort?.postMessage({ hostGone: why });
    killLater(`the host went away (${why})`);
  }, data.pollMs);
  parentPort?.on("message", () => killLater("the stop began"));
}
