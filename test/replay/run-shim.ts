/** Runs the built grafana-shim as a real process and collects what it printed. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const shim = join(root, "bin/grafana-shim");
export const corpus = join(root, "test/fixtures/recorded");
export const datasources = join(corpus, "datasources.yaml");
export const refV1 = join(root, "test/.bin/ref-plugin-v1");
export const refV2 = join(root, "test/.bin/ref-plugin-v2");
export const echoLegacy = join(root, "dist/test/handlers/echo-legacy.js");
export const echoFrames = join(root, "dist/test/handlers/echo-frames.js");

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** This process's environment without what would steer the shim, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(GRAFANA_SHIM_|GF_|PLUGIN_|CI$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

export function runShim(
  args: readonly string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [shim, ...args],
      { env, cwd: root, timeout: 240_000, maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
