/**
 * The browser pages of src/playground/ bundled by esbuild into dist/playground/: the gateway's
 * playground (index.html, playground.js, playground.css, served at GET /) and the replay
 * report's template, script and style (report.html, report.js, report.css, which
 * `replay --html` inlines). uPlot and everything else is inside: the pages load nothing else.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot, playgroundDir, playgroundFiles } from "../package-root.js";

const source = join(packageRoot, "src/playground");
const pages = ["index.html", "report.html"];

export async function writePlaygroundBundle(outdir = playgroundDir): Promise<number> {
  const esbuild = await import("esbuild");
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [
      { in: join(source, "main.ts"), out: "playground" },
      { in: join(source, "playground.css"), out: "playground" },
      { in: join(source, "report.ts"), out: "report" },
      { in: join(source, "report.css"), out: "report" },
    ],
    bundle: true,
    outdir,
    platform: "browser",
    format: "iife",
    target: "es2020",
    minify: true,
    legalComments: "eof",
    // uPlot's MIT notice travels with it, in the served script and in every report.
    footer: { js: uplotNotice(), css: uplotNotice() },
    logLevel: "silent",
  });
  for (const page of pages) copyFileSync(join(source, page), join(outdir, page));
  return playgroundFiles.map((f) => statSync(join(outdir, f)).size).reduce((a, b) => a + b, 0);
}

/** uPlot's version and copyright line, read from its package. */
function uplotNotice(): string {
  const require = createRequire(join(packageRoot, "package.json"));
  const dir = join(require.resolve("uplot/package.json"), "..");
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    version: string;
  };
  const copyright = /^Copyright .*$/m.exec(readFileSync(join(dir, "LICENSE"), "utf8"))?.[0];
  return `/*! uPlot ${version} | ${copyright ?? "Leon Sorokin"} | MIT License */`;
}
