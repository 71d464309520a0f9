/**
 * The Node.js a benchmark's TypeScript side runs on: this one (`current`), or the Node 24
 * that the standalone plugin executables embed (`embedded`, fetched on first use as
 * `grafana-shim package` fetches it).
 */
import { execFileSync } from "node:child_process";
import { pluginNodeFlags } from "../../src/cli/package-launchers.js";
import {
  runtimeBinary,
  standaloneNodeFlags,
  standaloneTargets,
} from "../../src/cli/standalone-runtime.js";

export const runtimeChoices = ["current", "embedded"] as const;

export interface Runtime {
  readonly path: string;
  readonly version: string;
  /** The flags a packaged plugin runs with on it: a launcher's, or a standalone executable's. */
  readonly packagedFlags: readonly string[];
}

export async function benchRuntime(choice: string): Promise<Runtime> {
  if (choice === "current") {
    return { path: process.execPath, version: process.version, packagedFlags: pluginNodeFlags };
  }
  if (choice !== "embedded") {
    throw new Error(`--runtime is ${runtimeChoices.join(" or ")}, not ${JSON.stringify(choice)}`);
  }
  const target = standaloneTargets.find(
    (t) => t.platform === process.platform && t.arch === process.arch,
  );
  if (target === undefined) {
    throw new Error(`no embedded runtime for ${process.platform}/${process.arch}`);
  }
  const path = await runtimeBinary(target);
  const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
  return { path, version, packagedFlags: standaloneNodeFlags };
}
