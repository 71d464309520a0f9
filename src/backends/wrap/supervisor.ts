/**
 * Keeps one wrapped plugin process running: starts it on first use, restarts it
 * with back-off when it dies or fails to start, and hands the running client to
 * callers. A caller waits for a restart that is due soon; when the next attempt
 * is further away, it gets the reason at once instead of a timeout.
 */

import { describeExit, type ExitInfo } from "../../client/launch.js";
import type { PluginClient } from "../../client/plugin-client.js";
import { ErrorCode, ShimError, toShimError } from "../../errors.js";
import type { Logger } from "../../log/logger.js";
import { abortable } from "./abortable.js";
import { restartDelay } from "./backoff.js";

export interface SupervisorOptions {
  readonly start: () => Promise<PluginClient>;
  /** The executable, for messages. */
  readonly path: string;
  readonly log: Logger;
  readonly restartDelayMs: number;
  readonly restartMaxDelayMs: number;
  /** A caller waits for a restart due within this time; later ones fail at once. */
  readonly waitForRestartMs: number;
}

type State =
  | { readonly kind: "idle" }
  | { readonly kind: "starting"; readonly attempt: Promise<PluginClient> }
  | { readonly kind: "running"; readonly client: PluginClient }
  | {
      readonly kind: "waiting";
      readonly until: number;
      readonly reason: string;
      readonly next: Promise<PluginClient>;
      readonly timer: NodeJS.Timeout;
    }
  | { readonly kind: "stopped" };

export class PluginSupervisor {
  #state: State = { kind: "idle" };
  #failures = 0;

  constructor(private readonly o: SupervisorOptions) {}

  /** The running plugin, started or awaited as needed. */
  acquire(signal?: AbortSignal): Promise<PluginClient> {
    const state = this.#state;
    switch (state.kind) {
      case "running":
        return Promise.resolve(state.client);
      case "starting":
        return abortable(state.attempt, signal);
      case "idle":
        return abortable(this.#startNow(), signal);
      case "waiting": {
        const inMs = state.until - Date.now();
        if (inMs <= this.o.waitForRestartMs) return abortable(state.next, signal);
        return Promise.reject(
          new ShimError(
            ErrorCode.Unavailable,
            `the wrapped plugin ${this.o.path} is down (${state.reason}); next start attempt in ${Math.ceil(inMs / 1000)} s`,
          ),
        );
      }
      case "stopped":
        return Promise.reject(
          new ShimError(ErrorCode.Unavailable, `the wrapped plugin ${this.o.path} was stopped`),
        );
    }
  }

  /** A call succeeded: the next failure starts the back-off from the beginning. */
  markHealthy(): void {
    this.#failures = 0;
  }

  /** What health checks report. */
  describe(): { readonly state: State["kind"]; readonly pid?: number; readonly reason?: string } {
    const s = this.#state;
    if (s.kind === "running") return { state: s.kind, pid: s.client.pid };
    if (s.kind === "waiting") return { state: s.kind, reason: s.reason };
    return { state: s.kind };
  }

  async stop(): Promise<void> {
    const state = this.#state;
    this.#state = { kind: "stopped" };
    if (state.kind === "waiting") clearTimeout(state.timer);
    if (state.kind === "running") await state.client.stop();
    if (state.kind === "starting") await state.attempt.then((c) => c.stop()).catch(() => undefined);
  }

  #startNow(): Promise<PluginClient> {
    const attempt = this.o.start().then(
      (client) => this.#started(client),
      (thrown: unknown) => {
        const error = toShimError(thrown, ErrorCode.Unavailable);
        if (this.#state.kind !== "stopped") {
          this.#failures++;
          this.o.log.error("wrapped plugin could not start", {
            plugin: this.o.path,
            error: error.message,
          });
          this.#scheduleRestart(`it could not start: ${error.message}`);
        }
        throw error;
      },
    );
    attempt.catch(() => undefined);
    this.#state = { kind: "starting", attempt };
    return attempt;
  }

  #started(client: PluginClient): PluginClient {
    if (this.#state.kind === "stopped") {
      void client.stop();
      throw new ShimError(ErrorCode.Unavailable, `the wrapped plugin ${this.o.path} was stopped`);
    }
    this.#state = { kind: "running", client };
    this.o.log.info("wrapped plugin started", {
      plugin: this.o.path,
      pid: client.pid,
      protocol: client.version,
      network: client.handshake.network,
      address: client.handshake.address,
      tls: client.handshake.serverCert !== undefined,
    });
    void client.exited.then((exit) => this.#exited(client, exit));
    return client;
  }

  #exited(client: PluginClient, exit: ExitInfo): void {
    const state = this.#state;
    if (state.kind !== "running" || state.client !== client) return;
    this.#failures++;
    const reason = `it exited (${describeExit(exit)})`;
    this.o.log.warn("wrapped plugin exited", {
      plugin: this.o.path,
      pid: client.pid,
      exit: describeExit(exit),
    });
    this.#scheduleRestart(reason);
  }

  #scheduleRestart(reason: string): void {
    const delayMs = restartDelay(this.#failures, this.o.restartDelayMs, this.o.restartMaxDelayMs);
    let settle!: { resolve: (c: PluginClient) => void; reject: (e: unknown) => void };
    const next = new Promise<PluginClient>((resolve, reject) => {
      settle = { resolve, reject };
    });
    next.catch(() => undefined);
    const timer = setTimeout(() => {
      if (this.#state.kind !== "waiting" || this.#state.next !== next) return;
      this.#startNow().then(settle.resolve, settle.reject);
    }, delayMs);
    this.o.log.info("restarting the wrapped plugin", {
      plugin: this.o.path,
      inMs: delayMs,
      why: reason,
    });
    this.#state = { kind: "waiting", until: Date.now() + delayMs, reason, next, timer };
  }
}
