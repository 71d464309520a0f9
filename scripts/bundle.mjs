#!/usr/bin/env node
// Writes the bundles (after tsc, as `npm run build` runs it): dist/bundle/, which bin/grafana-shim
// starts from (a few chunks to load instead of the whole module tree); dist/package/, the two
// single files `grafana-shim package` puts in a plugin (launcher script, standalone main);
// dist/frontend/module.js, the Simple JSON plugin's React frontend `grafana-shim package` writes;
// and dist/playground/, the gateway's playground page and the replay report's assets.
import { writeFrontendBundle } from "../dist/src/cli/frontend-bundle.js";
import {
  packagedBundles,
  writeBundle,
  writeCliBundle,
  writeStandaloneBundle,
} from "../dist/src/cli/package-bundle.js";
import { writePlaygroundBundle } from "../dist/src/cli/playground-bundle.js";

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const outdir = new URL("../dist/bundle/", import.meta.url).pathname;
const [cli, script, standalone] = await Promise.all([
  writeCliBundle(outdir),
  writeBundle(packagedBundles.script),
  writeStandaloneBundle(packagedBundles.standalone),
]);
console.log(
  `dist/bundle: ${mib(cli)}; dist/package: ${mib(script)} (script), ${mib(standalone)} (standalone main)`,
);
const frontend = await writeFrontendBundle();
console.log(
  `dist/frontend/module.js: ${(frontend.bytes / 1024).toFixed(0)} KiB, AMD dependencies ${frontend.dependencies.join(", ")}`,
);
const playground = await writePlaygroundBundle();
console.log(`dist/playground: ${(playground / 1024).toFixed(0)} KiB`);
