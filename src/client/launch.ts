/**
 * Starting a plugin executable as go-plugin's client does: exec with the host's
 * environment and no arguments, wait for the one handshake line on stdout
 * within the start timeout, re-log stderr, and drain stdout afterwards. Every
 * way this can fail ends in one ShimError that says what happened.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { ErrorCode, ShimError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import type { Handshake } from "../protocol/go-plugin/handshake-line.js";
import { relogChildLine } from "./child-log.js";
import { checkExecutable } from "./executable.js";
import { parseHandshakeLine } from "./handshake-parse.js";
import { LineTail, onLines } from "./lines.js";

export interface LaunchOptions {
  readonly path: string;
  readonly env: NodeJS.ProcessEnv;
  /** The app versions offered in the environment: the handshake must pick one. */
  readonly offered: readonly number[];
  readonly startTimeoutMs: number;
  /** The child's stderr lines are re-logged here. */
  readonly log: Logger;
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Launched {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly handshake: Handshake;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitInfo>;
  /** The last stderr lines, for error messages. */
  readonly stderrTail: LineTail;
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

/** Time for stderr to drain after an early exit, so the error can quote it. */
const drainMs = 50;

export async function launchPlugin(o: LaunchOptions): Promise<Launched> {
  await checkExecutable(o.path);
  const child = spawn(o.path, [], { env: o.env, stdio: ["ignore", "pipe", "pipe"] });
  const stderrTail = new LineTail();
  onLines(child.stderr!, (line) => {
    stderrTail.push(line);
    relogChildLine(o.log, line);
  });
  const exited = new Promise<ExitInfo>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  try {
    const handshake = await awaitHandshake(child, exited, stderrTail, o);
    return { child, pid: child.pid ?? -1, handshake, exited, stderrTail };
  } catch (thrown) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    throw thrown;
  }
}

function awaitHandshake(
  child: ChildProcess,
  exited: Promise<ExitInfo>,
  tail: LineTail,
  o: LaunchOptions,
): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => Handshake) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        resolve(outcome());
      } catch (thrown) {
        reject(thrown);
      }
    };
    const fail = (message: string) =>
      finish(() => {
        const stderr = tail.text();
        throw new ShimError(
          ErrorCode.Unavailable,
          stderr ? `${message}; its stderr:\n${stderr}` : message,
        );
      });
    const timer = setTimeout(
      () =>
        fail(
          `timeout while waiting for plugin ${o.path} to start: no handshake line within ${o.startTimeoutMs} ms`,
        ),
      o.startTimeoutMs,
    );
    child.once("error", (error) => fail(`cannot start plugin ${o.path}: ${error.message}`));
    void exited.then(async (exit) => {
      await delay(drainMs);
      fail(`plugin ${o.path} exited before we could connect (${describeExit(exit)})`);
    });
    let first = true;
    onLines(child.stdout!, (line) => {
      if (!first) {
        o.log.debug("plugin wrote to stdout after its handshake (dropped)", { line });
        return;
      }
      first = false;
      finish(() => parseHandshakeLine(line, o.offered));
    });
  });
}
