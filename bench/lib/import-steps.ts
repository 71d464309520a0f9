/**
 * Child of plugin-handshake.bench: imports what plugin mode imports, one step
 * after the other in a fresh process, and prints `[[step, ms], ...]` as JSON.
 * Each step costs what it adds to the steps before it (shared dependencies count
 * once). The packages come from argv (as record-imports.ts found them in a real
 * start, in order); the shim step holds what the shim's own module graph adds.
 *
 *   node dist/bench/lib/import-steps.js '["zod", "@grpc/grpc-js", ...]'
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { echoHandler, root } from "./paths.js";

const url = (path: string) => pathToFileURL(path).href;

async function main(): Promise<void> {
  const packages = JSON.parse(process.argv[2] ?? "[]") as string[];
  const steps: [string, () => Promise<unknown>][] = [
    ...packages.map((name): [string, () => Promise<unknown>] => [name, () => import(name)]),
    [
      "shim modules (src/cli/plugin-mode.js graph)",
      () => import(url(join(root, "dist/src/cli/plugin-mode.js"))),
    ],
    ["handler (echo-legacy.js)", () => import(url(echoHandler))],
  ];
  // From the process's time origin: Node's own start up to this module.
  const times: [string, number | null][] = [["node start to first user module", performance.now()]];
  for (const [name, load] of steps) {
    const started = performance.now();
    try {
      await load();
      times.push([name, performance.now() - started]);
    } catch {
      times.push([name, null]);
    }
  }
  console.log(JSON.stringify(times));
}

await main();
