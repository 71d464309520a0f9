/**
 * What `npm pack` puts in the package: the executable's bundles, the files `grafana-shim package`
 * copies, the playground, and the public API's modules with their types (what a handler author
 * imports for defineHandler); no tests, benchmarks, Go peers, sources or source maps. Every
 * package the shipped code imports is Node's own or a declared dependency, and every declared
 * dependency is imported. (The frontend's imports, Grafana's own, are checked in
 * test/browser/simple-json-frontend.test.ts.)
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, posix } from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** The files `npm pack` would write (the build is already done: no prepare script runs). */
function packedFiles(): string[] {
  const run = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  const [pack] = JSON.parse(run.stdout) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((f) => f.path).sort();
}

const importForms = [
  /\b(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']/g,
  /\bimport\s*["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
];

function specifiers(text: string): string[] {
  return importForms.flatMap((form) => [...text.matchAll(form)].map((m) => m[1] as string));
}

/** The relative closure of `entry` (a .js file; its .d.ts beside it too when there is one). */
function closure(entry: string, exists: (path: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !exists(file)) return;
    seen.add(file);
    const types = file.replace(/\.js$/, ".d.ts");
    if (types !== file) visit(types);
    for (const spec of specifiers(readFileSync(join(root, file), "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      if (!exists(target)) throw new Error(`${file} imports ${spec}, which is not there`);
      visit(target);
    }
  };
  visit(entry);
  return seen;
}

/**
 * The packages (not Node's own) that `entry` and every file it reaches import, read by esbuild's
 * parser (a word "import" inside a minified string is no import).
 */
async function packagesImported(entry: string): Promise<Set<string>> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    packages: "external",
    logLevel: "silent",
  });
  const names = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const { path, external } of input.imports) {
      if (!external || path.startsWith("node:") || builtinModules.includes(path)) continue;
      names.add(
        path.startsWith("@")
          ? path.split("/").slice(0, 2).join("/")
          : (path.split("/")[0] as string),
      );
    }
  }
  return names;
}

describe("npm pack", () => {
  let files: string[];
  before(() => {
    files = packedFiles();
  });
  const has = (path: string) => files.includes(path);

  test("holds no tests, benchmarks, Go peers, sources or source maps", () => {
    const unwanted = files.filter(
      (f) =>
        /^(dist\/(test|bench)|test|bench|scripts|src|proto|docs)\//.test(f) ||
        /\.(map|go|tsx?|mts|cts)$/.test(f.replace(/\.d\.ts$/, ".js")) ||
        /(^|\/)(tsconfig\.json|go\.(mod|sum)|biome\.json|package-lock\.json)$/.test(f),
    );
    assert.deepEqual(unwanted, []);
    assert.ok(files.length > 20 && files.length < 200, `${files.length} files`);
  });

  test("holds the public API's modules and their types, and no other module of dist/src", () => {
    const api = closure("dist/src/index.js", has);
    assert.ok(api.has("dist/src/index.d.ts") && api.has("dist/src/handler/types.d.ts"));
    const packedSrc = files.filter((f) => f.startsWith("dist/src/"));
    assert.deepEqual(packedSrc, [...api].sort());
  });

  test("holds what the executable runs and what `grafana-shim package` copies", () => {
    const bundle = closure("dist/bundle/grafana-shim.js", has);
    assert.ok(bundle.size > 10, `${bundle.size} bundle files reached`);
    assert.deepEqual(
      files.filter((f) => f.startsWith("dist/bundle/") && !bundle.has(f)),
      [],
      "every bundle chunk is reached from the entry",
    );
    const bin = readFileSync(join(root, "bin/grafana-shim"), "utf8");
    assert.match(bin, /"\.\.\/dist\/bundle\/grafana-shim\.js"/);
    for (const file of [
      "bin/grafana-shim",
      "bin/plugin-launcher.sh",
      "dist/package/grafana-shim.js",
      "dist/package/grafana-shim-standalone.cjs",
      "dist/frontend/module.js",
      "dist/playground/index.html",
      "dist/playground/report.html",
      "LICENSE",
      "README.md",
      "package.json",
    ])
      assert.ok(has(file), file);
  });

  test("the plugin files `package` copies import nothing but Node's modules", async () => {
    for (const file of ["dist/package/grafana-shim.js", "dist/package/grafana-shim-standalone.cjs"])
      assert.deepEqual([...(await packagesImported(file))], [], file);
  });

  test("the executable and the API import only declared dependencies, and use each", async () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const declared = Object.keys(pkg.dependencies ?? {});
    const imported = new Set([
      ...(await packagesImported("dist/bundle/grafana-shim.js")),
      ...(await packagesImported("dist/src/index.js")),
    ]);
    assert.deepEqual(
      [...imported].filter((name) => !declared.includes(name)),
      [],
    );
    assert.deepEqual(
      declared.filter((name) => !imported.has(name)),
      [],
    );
  });
});
