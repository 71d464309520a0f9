/** Where the benchmarks find the shim, the Go peers and their own files. */
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pluginNodeFlags } from "../../src/cli/package-launchers.js";

/** The repository root (this file runs as dist/bench/lib/paths.js). */
export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const binDir = join(root, "test/.bin");
export const shim = join(root, "bin/grafana-shim");

/**
 * A script that starts `main` (by default bin/grafana-shim) on this Node.js as the packaged
 * executables start the shim: with pluginNodeFlags, which a `#!/usr/bin/env node` line cannot pass.
 */
export function packagedLauncher(dir: string, name = "grafana-shim-packaged", main = shim): string {
  const script = join(dir, `${name}.sh`);
  const flags = pluginNodeFlags.join(" ");
  writeFileSync(script, `#!/bin/sh\nexec '${process.execPath}' ${flags} '${main}' "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}
export const refPlugin = join(binDir, "ref-plugin-v1");
export const echoHandler = join(root, "dist/test/handlers/echo-legacy.js");
export const requestDir = join(root, "bench/requests");

const goPeers = ["ref-plugin-v1", "host-current", "host-v101"];

/** Builds the Go peers when one is missing (scripts/bench.mjs builds them anyway). */
export async function ensureGoPeers(): Promise<void> {
  if (goPeers.every((name) => existsSync(join(binDir, name)))) return;
  const { spawnSync } = await import("node:child_process");
  const built = spawnSync(process.execPath, [join(root, "scripts/build-go-peers.mjs")], {
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("could not build the Go peers");
}
