/**
 * `grafana-shim serve-http` started as a real process on a free port, for
 * replaying HTTP fixtures against a handler or a wrapped plugin. Its log lines
 * are re-logged; its URL comes from its "serving" line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { relogChildLine } from "../../client/child-log.js";
import { LineTail, onLines } from "../../client/lines.js";
import { startPluginClient } from "../../client/plugin-client.js";
import { killOnExit } from "../../client/stop.js";
import { ErrorCode, ShimError } from "../../errors.js";
import type { Logger } from "../../log/logger.js";
import { packageRoot } from "../../package-root.js";

export const shimExecutable = join(packageRoot, "bin/grafana-shim");

export interface GatewayProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export function startGatewayProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  log: Logger,
  timeoutMs = 20_000,
): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    // Info at least: its "serving" line carries the URL; our own logger filters the rest.
    [
      shimExecutable,
      "serve-http",
      "--port",
      "0",
      "--quiet",
      "--no-access-log",
      "--log-level",
      "info",
      ...args,
    ],
    { env, stdio: ["ignore", "ignore", "pipe"] },
  );
  killOnExit(child);
  const tail = new LineTail();
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      const stderr = tail.text();
      reject(
        new ShimError(ErrorCode.Unavailable, `serve-http ${why}${stderr ? `:\n${stderr}` : ""}`),
      );
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    child.once("exit", (code) => fail(`exited with code ${code} before serving`));
    onLines(child.stderr!, (line) => {
      tail.push(line);
      relogChildLine(log, line);
      const url = servingUrl(line);
      if (!url) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ url, stop: () => stopChild(child) });
    });
  });
}

function servingUrl(line: string): string | undefined {
  if (!line.includes('"serving"')) return undefined;
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    return record["@message"] === "serving" && typeof record.url === "string"
      ? record.url
      : undefined;
  } catch {
    return undefined;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * The environment that makes serve-http's `wrap` handler run `exe`; without a
 * protocol, the one the plugin picks when offered both (as by Grafana 7).
 */
export async function wrappedPluginEnv(
  exe: string,
  protocol: 1 | 2 | undefined,
  log: Logger,
  startTimeoutMs: number,
): Promise<Record<string, string>> {
  let version: number = protocol ?? 0;
  if (!protocol) {
    const probe = await startPluginClient({
      path: exe,
      versions: [1, 2],
      extraEnv: { GF_VERSION: "11.3.0" },
      log,
      startTimeoutMs,
    });
    version = probe.version;
    await probe.stop();
  }
  return { GRAFANA_SHIM_WRAP_PLUGIN: exe, GRAFANA_SHIM_WRAP_PROTOCOL: String(version) };
}
