/** Running the Go hosts and the shim's gateway as real processes, for the wrap-mode tests. */
import { execFile, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../clean-env.js";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const binDir = join(root, "test/.bin");
export const shim = join(root, "bin/grafana-shim");
export const refV1 = join(binDir, "ref-plugin-v1");

export type Json = Record<string, unknown>;

/** The shim in wrap mode around a plugin executable. */
export function wrapEnv(tmp: string, plugin: string, extra: Record<string, string> = {}) {
  return cleanEnv({
    TMPDIR: tmp,
    GRAFANA_SHIM_HANDLER: "wrap",
    GRAFANA_SHIM_WRAP_PLUGIN: plugin,
    GRAFANA_SHIM_LOG_LEVEL: "debug",
    ...extra,
  });
}

/** Runs `host` with `-plugin plugin -requests <file>` and returns its JSON report. */
export function runHost(
  host: string,
  args: readonly string[],
  plugin: string,
  requests: readonly Json[],
  env: NodeJS.ProcessEnv,
  tmp: string,
  name: string,
): Promise<Json> {
  const requestsFile = join(tmp, `${name}.requests.json`);
  const outFile = join(tmp, `${name}.out.json`);
  writeFileSync(requestsFile, JSON.stringify(requests));
  const all = [
    ...args,
    "-plugin",
    plugin,
    "-requests",
    requestsFile,
    "-out",
    outFile,
    "-timeout",
    "60s",
  ];
  return new Promise((resolve, reject) => {
    execFile(
      join(binDir, host),
      all,
      { env, timeout: 120_000, maxBuffer: 1 << 26 },
      (error, _o, stderr) => {
        if (error)
          reject(new Error(`${host} ${all.join(" ")} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(readFileSync(outFile, "utf8")) as Json);
      },
    );
  });
}

/**
 * The pid of the shim a host started with `SHIM_MARK=<mark>` in its environment (hosts pass
 * theirs on), as soon as it runs: through a launcher it is not the host's child.
 */
export async function findShim(mark: string, limitMs = 20_000, executable = shim): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
      try {
        const environ = readFileSync(`/proc/${name}/environ`, "utf8").split("\0");
        const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
        // The executable itself, node running it, or qemu-user running it (`-L <libraries>`).
        const started =
          args[0] === executable ||
          args[1] === executable ||
          (args[0]?.endsWith("qemu-aarch64") === true && args[3] === executable);
        if (started && environ.includes(`SHIM_MARK=${mark}`)) return Number(name);
      } catch {
        // Not ours to read, or gone meanwhile.
      }
    }
    await sleep(50);
  }
  throw new Error(`no shim started with SHIM_MARK=${mark}`);
}

export interface Gateway {
  readonly url: string;
  stop(): Promise<void>;
}

/** `grafana-shim serve-http` on a free port with the given environment. */
export function startServeHttp(env: NodeJS.ProcessEnv): Promise<Gateway> {
  const child = spawn(
    process.execPath,
    [shim, "serve-http", "--port", "0", "--quiet", "--log-level", "info"],
    {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let err = "";
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve-http did not start:\n${err}`)), 20_000);
    child.once("exit", (code) => reject(new Error(`serve-http exited ${code}:\n${err}`)));
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      const url = /"@message":"serving".*?"url":"([^"]+)"/.exec(err)?.[1];
      if (!url || started) return;
      started = true;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({
        url,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
