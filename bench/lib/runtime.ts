/**
 * The Node.js a benchmark's TypeScript side runs on: this one (`current`), or the Node 24
 * that the standalone plugin executables embed (`embedded`, fetched on first use as
 * `grafana-shim package` fetches it).
 */
import { execFileSync } from "node:child_process";
import { runtimeBinary, standaloneTargets } from "../../src/cli/standalone-runtime.js";

export const runtimeChoices = ["current", "embedded"] as const;

export interface Runtime {
  readonly path: string;
  readonly version: string;
}

export async function benchRuntime(choice: string): Promise<Runtime> {
  if (choice === "current") return { path: process.execPath, version: process.version };
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
  return { path, version: execFileSync(path, ["--version"], { encoding: "utf8" }).trim() };
}
