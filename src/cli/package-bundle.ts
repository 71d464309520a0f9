/**
 * The shim as JavaScript bundled by esbuild (from the compiled dist/), written by
 * `npm run build` (scripts/bundle.mjs): every dependency inside, the .proto files embedded
 * (proto-root is swapped for a module that reads them from descriptors), the version written
 * in, and `require` available to the CommonJS dependencies. `grafana-shim package` copies the
 * last two, so packaging needs no bundler.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import type { BuildOptions, Plugin } from "esbuild";
import protobuf from "protobufjs";
import { ErrorCode, ShimError } from "../errors.js";
import { packageRoot } from "../package-root.js";
import { lazyPackages } from "./bundle-lazy-packages.js";

const esmBanner = [
  'import { createRequire as __shimCreateRequire } from "node:module";',
  "const require = __shimCreateRequire(import.meta.url);",
].join("\n");

/** Where `npm run build` writes the bundles `grafana-shim package` copies. */
export const packagedBundles = {
  /** One ES module file: the plugin folder's grafana-shim.js, which launchers run with a system node. */
  script: join(packageRoot, "dist/package/grafana-shim.js"),
  /** One CommonJS file: the main script of the standalone executables (Node.js SEA). */
  standalone: join(packageRoot, "dist/package/grafana-shim-standalone.cjs"),
};

/** `grafana-shim.js` of a packaged plugin folder, one file; resolves to its size in bytes. */
export function writeBundle(outfile: string): Promise<number> {
  return bundle({ outfile, format: "esm", banner: { js: esmBanner } }, [withoutPackaging]);
}

/**
 * The standalone executables' main script: CommonJS, which is what a Node.js single executable
 * application runs; import.meta.url (read by modules that find files beside themselves) is the
 * executable's own URL there.
 */
export function writeStandaloneBundle(outfile: string): Promise<number> {
  return bundle(
    {
      outfile,
      format: "cjs",
      target: "node24",
      define: { "import.meta.url": "__shimExecutableUrl" },
      banner: {
        js: 'var __shimExecutableUrl = require("node:url").pathToFileURL(__filename).href;',
      },
    },
    [withoutPackaging],
  );
}

/**
 * The executable's bundle (`npm run build` writes it to dist/bundle/ for bin/grafana-shim):
 * what the shim imports lazily stays in chunks of its own, read only when first imported.
 */
export function writeCliBundle(outdir: string): Promise<number> {
  rmSync(outdir, { recursive: true, force: true });
  const layout = {
    outdir,
    format: "esm" as const,
    banner: { js: esmBanner },
    splitting: true,
    entryNames: "grafana-shim",
    chunkNames: "[name]-[hash]",
  };
  return bundle(layout, [lazyPackages(external)]);
}

/**
 * The bundler itself, which only `npm run build` calls: every other package is inside the
 * bundles, `package`'s postject and tar in chunks of their own, so an installed grafana-shim
 * needs no dependency at run time.
 */
const external = ["esbuild"];

/** A packaged plugin cannot package: its `package` command says where that is done. */
const withoutPackaging: Plugin = {
  name: "grafana-shim-without-packaging",
  setup(build) {
    build.onResolve({ filter: /^\.\/package\.js$/ }, (args) =>
      args.importer.endsWith("main.js")
        ? { path: join(args.resolveDir, "package-elsewhere.js") }
        : undefined,
    );
  },
};

async function bundle(layout: BuildOptions, plugins: Plugin[] = []): Promise<number> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(packageRoot, "dist/src/cli/main.js")],
    bundle: true,
    platform: "node",
    target: "node20",
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: "eof",
    external,
    ...layout,
    logLevel: "silent",
    metafile: true,
    plugins: [
      ...plugins,
      {
        name: "grafana-shim-embed",
        setup(build) {
          build.onLoad({ filter: builtFile("protocol/grpc/proto-root.js") }, () => ({
            contents: embeddedProtoRoot(),
            loader: "js",
          }));
          build.onLoad({ filter: builtFile("version.js") }, (args) => ({
            contents: withVersion(readFileSync(args.path, "utf8")),
            loader: "js",
          }));
          build.onLoad({ filter: builtFile("server/go-plugin/host-watchdog.js") }, (args) => ({
            contents: withWatchdogScript(readFileSync(args.path, "utf8")),
            loader: "js",
          }));
        },
      },
    ],
  });
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}

/** The path of one compiled module of dist/src/, as an esbuild filter. */
function builtFile(path: string): RegExp {
  return new RegExp(
    `^${join(packageRoot, "dist/src", path).replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}$`,
  );
}

/**
 * proto-root.js for the bundle: the same `protoRoot(file)`, from descriptors parsed at build
 * time (reading protobufjs's JSON form takes a quarter of the time of parsing .proto text).
 */
export function embeddedProtoRoot(): string {
  const dir = join(packageRoot, "proto");
  const descriptors: Record<string, string> = {};
  for (const file of protoFiles(dir)) {
    const root = new protobuf.Root().loadSync(file, { keepCase: true });
    descriptors[relative(dir, file).split("\\").join("/")] = JSON.stringify(root.toJSON());
  }
  return `import protobuf from "protobufjs";
const descriptors = ${JSON.stringify(descriptors)};
const roots = new Map();
export function protoRoot(file) {
  let root = roots.get(file);
  if (!root) {
    const json = descriptors[file];
    if (json === undefined) throw new Error("no embedded proto file " + file);
    root = protobuf.Root.fromJSON(JSON.parse(json));
    root.resolveAll();
    roots.set(file, root);
  }
  return root;
}
`;
}

function protoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? protoFiles(join(dir, e.name))
      : e.name.endsWith(".proto")
        ? [join(dir, e.name)]
        : [],
  );
}

const packageJsonRead =
  /JSON\.parse\(\s*readFileSync\(\s*new URL\("\.\.\/\.\.\/package\.json", import\.meta\.url\),\s*"utf8"\s*\)\s*\)/;

/** version.js reads package.json beside the package; the bundle has none, so the version goes in. */
function withVersion(source: string): string {
  if (!packageJsonRead.test(source)) {
    throw new ShimError(
      ErrorCode.Internal,
      "package: dist/src/version.js no longer reads package.json as the bundler expects",
    );
  }
  return source.replace(packageJsonRead, JSON.stringify({ version: packageVersion() }));
}

const watchdogScriptRead =
  /readFileSync\(\s*join\(\s*packageRoot,\s*"src\/server\/go-plugin\/host-watchdog\.sh"\s*\),\s*"utf8"\s*\)/;

/** host-watchdog.js reads its shell script from the source tree; the bundle holds its text. */
function withWatchdogScript(source: string): string {
  if (!watchdogScriptRead.test(source)) {
    throw new ShimError(
      ErrorCode.Internal,
      "package: dist/src/server/go-plugin/host-watchdog.js no longer reads its script as the bundler expects",
    );
  }
  const script = readFileSync(join(packageRoot, "src/server/go-plugin/host-watchdog.sh"), "utf8");
  return source.replace(watchdogScriptRead, () => JSON.stringify(script));
}

export function packageVersion(): string {
  return String(JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version);
}
