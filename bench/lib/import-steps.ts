/**
 * Child of plugin-handshake.bench: imports what plugin mode loads, one step after
 * the other in a fresh process, and prints `[[step, ms], ...]` as JSON. Each step
 * costs what it adds to the steps before it (shared dependencies count once).
 * The list names the heavy dependencies plugin mode imported when this was written;
 * the last shim step holds whatever the shim's own graph adds on top.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { echoHandler, root } from "./paths.js";

const shimModule = (path: string) => pathToFileURL(join(root, "dist/src", path)).href;

export const importSteps: readonly (readonly [string, () => Promise<unknown>])[] = [
  ["zod", () => import("zod")],
  ["@grpc/grpc-js", () => import("@grpc/grpc-js")],
  ["protobufjs", () => import("protobufjs")],
  [
    "reflect-metadata + @peculiar/x509",
    async () => {
      await import("reflect-metadata");
      return import("@peculiar/x509");
    },
  ],
  ["shim modules (src/cli/plugin-mode.js graph)", () => import(shimModule("cli/plugin-mode.js"))],
  ["handler (echo-legacy.js)", () => import(pathToFileURL(echoHandler).href)],
];

async function main(): Promise<void> {
  // From the process's time origin: Node's own start up to this module.
  const steps: [string, number][] = [["node start to first user module", performance.now()]];
  for (const [name, load] of importSteps) {
    const started = performance.now();
    try {
      await load();
      steps.push([name, performance.now() - started]);
    } catch {
      steps.push([name, Number.NaN]);
    }
  }
  console.log(JSON.stringify(steps));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
