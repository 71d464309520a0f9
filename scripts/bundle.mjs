#!/usr/bin/env node
// Writes dist/bundle/, the bundled executable bin/grafana-shim starts from (after tsc, as
// `npm run build` runs it): a few chunks to load instead of the whole module tree.
import { writeCliBundle } from "../dist/src/cli/package-bundle.js";

const outdir = new URL("../dist/bundle/", import.meta.url).pathname;
const bytes = await writeCliBundle(outdir);
console.log(`dist/bundle: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
