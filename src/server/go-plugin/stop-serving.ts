/**
 * How plugin mode stops, whatever asked (the host's Shutdown, SIGTERM, the host gone): no new
 * calls, the calls in flight answered and pending work (fixture writes) finished within the
 * grace, then exit. go-plugin gives a plugin 2 s to exit after Shutdown before it SIGKILLs it,
 * so the grace is no longer than that; the watchdog kills a stop that hangs.
 */
import { rmSync } from "node:fs";
import type { Server } from "@grpc/grpc-js";
import type { Logger } from "../../log/logger.js";
import { pendingWorkDone } from "../../pending-work.js";
import type { HostWatchdog } from "./host-watchdog.js";
import type { OpenStreams } from "./services.js";

export const stopGraceMs = 2000;

export interface StopServingOptions {
  readonly server: Server;
  readonly streams: OpenStreams;
  /** The unix socket to remove, once bound. */
  readonly socket: () => string | undefined;
  readonly watchdog: () => HostWatchdog | undefined;
  readonly log: Logger;
  /** Work to finish in the time left of the grace (batched spans). */
  readonly flush?: (remainingMs: number) => Promise<void>;
  readonly exit: (code: number) => void;
}

/** The stop, once: later calls (a SIGTERM during a Shutdown) change nothing. */
export function stopServing(o: StopServingOptions): (reason: string) => void {
  let stopping = false;
  return (reason) => {
    if (stopping) return;
    stopping = true;
    o.log.debug("stopping", { reason });
    o.watchdog()?.stopping();
    void drain(o).then(() => {
      o.server.forceShutdown();
      const socket = o.socket();
      if (socket) rmSync(socket, { force: true });
      o.exit(0);
    });
  };
}

async function drain(o: StopServingOptions): Promise<void> {
  const deadline = Date.now() + stopGraceMs;
  // The host's broker and stdio streams would hold tryShutdown: the shim ends them itself.
  o.streams.endAll();
  const answered = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), stopGraceMs);
    o.server.tryShutdown(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  const written = await pendingWorkDone(Math.max(0, deadline - Date.now()));
  await o.flush?.(Math.max(0, deadline - Date.now())).catch(() => {});
  if (!answered || !written) {
    o.log.warn(`stopping at the end of the ${stopGraceMs} ms grace`, {
      callsUnanswered: !answered,
      writesUnfinished: !written,
    });
  }
}
