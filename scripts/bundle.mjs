#!/usr/bin/env node
import { writeFrontendBundle } from "../dist/src/cli/frontend-bundle.js";
// Writes dist/bundle/, the bundled executable bin/grafana-shim starts from (after tsc, as
// `npm run build` runs it): a few chunks to load instead of the whole module tree. Then
// dist/frontend/module.js, the Simple JSON plugin's React frontend `grafana-shim package` writes,
// and dist/playground/, the gateway's playground page and the replay report's assets.
import { writeCliBundle } from "../dist/src/cli/package-bundle.js";
import { writePlaygroundBundle } from "../dist/src/cli/playground-bundle.js";

const outdir = new URL("../dist/bundle/", import.meta.url).pathname;
const bytes = await writeCliBundle(outdir);
console.log(`dist/bundle: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const frontend = await writeFrontendBundle();
console.log(
  `dist/frontend/module.js: ${(frontend.bytes / 1024).toFixed(0)} KiB, AMD dependencies ${frontend.dependencies.join(", ")}`,
);
const playground = await writePlaygroundBundle();
console.log(`dist/playground: ${(playground / 1024).toFixed(0)} KiB`);
