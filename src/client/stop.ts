/**
 * Stopping a plugin as go-plugin's client does (client.go Kill): ask it to shut
 * down, close the connection, give it a grace period to exit, then SIGKILL.
 * A plugin without Shutdown (go-plugin of 2018) is killed at once.
 */

import type { ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { Client } from "@grpc/grpc-js";
import type { Handshake } from "../protocol/go-plugin/handshake-line.js";
import { methods, unaryCall } from "./calls.js";
import type { ExitInfo } from "./launch.js";

export interface StopTarget {
  readonly child: ChildProcess;
  readonly client: Client;
  readonly handshake: Handshake;
  readonly exited: Promise<ExitInfo>;
  readonly graceMs: number;
}

const shutdownCallMs = 1000;

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the process is gone; `graceful` when it went without SIGKILL. */
export async function stopPlugin(t: StopTarget): Promise<{ graceful: boolean }> {
  let graceful = false;
  if (!hasExited(t.child)) {
    const answer = await unaryCall(t.client, methods.shutdown, {}, undefined, shutdownCallMs);
    t.client.close();
    // A plugin may exit before its answer arrives; only one without Shutdown is killed at once.
    const noShutdown = !answer.ok && answer.failure.code === "Unimplemented";
    if (!noShutdown) {
      graceful = await Promise.race([
        t.exited.then(() => true),
        delay(t.graceMs).then(() => false),
      ]);
    }
    if (!graceful && !hasExited(t.child)) t.child.kill("SIGKILL");
    await t.exited;
  } else t.client.close();
  removeLeftSocket(t.handshake);
  return { graceful };
}

/** A killed plugin leaves its unix socket behind; nobody else will remove it. */
function removeLeftSocket(h: Handshake): void {
  if (h.network === "unix" && existsSync(h.address)) rmSync(h.address, { force: true });
}

const live = new Set<ChildProcess>();
let hooked = false;

/** Children must not outlive the shim, however it exits. */
export function killOnExit(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (hooked) return;
  hooked = true;
  process.once("exit", () => {
    for (const c of live) c.kill("SIGKILL");
  });
}
