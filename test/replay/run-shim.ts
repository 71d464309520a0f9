/** Runs the built grafana-shim as a real process and collects what it printed. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../clean-env.js";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const shim = join(root, "bin/grafana-shim");
export const corpus = join(root, "test/fixtures/recorded");
export const datasources = join(corpus, "datasources.yaml");
export const refV1 = join(root, "test/.bin/ref-plugin-v1");
export const refV2 = join(root, "test/.bin/ref-plugin-v2");
export const echoLegacy = join(root, "dist/test/handlers/echo-legacy.js");
export const echoFrames = join(root, "dist/test/handlers/echo-frames.js");

/** `replay` of recorded fixtures against `handler`, writing the HTML report to `html`, quietly. */
export function htmlReplayArgs(
  fixtures: readonly string[],
  handler: string,
  html: string,
): string[] {
  return [
    "replay",
    ...fixtures,
    "--handler",
    handler,
    "--datasources",
    datasources,
    "--html",
    html,
    "--log-level",
    "off",
  ];
}

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
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
