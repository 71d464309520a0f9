/**
 * The shim as one JavaScript file (esbuild, from the compiled dist/): every dependency inside,
 * the .proto files embedded (proto-root is swapped for a module that parses them from text),
 * the version written in, and `require` available to the CommonJS dependencies.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, ShimError } from "../errors.js";

const distCli = fileURLToPath(new URL(".", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

const banner = [
  'import { createRequire as __shimCreateRequire } from "node:module";',
  "const require = __shimCreateRequire(import.meta.url);",
].join("\n");

/** Writes the bundle; resolves to its size in bytes. */
export async function writeBundle(outfile: string): Promise<number> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(distCli, "main.js")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: "eof",
    banner: { js: banner },
    external: ["esbuild"],
    logLevel: "silent",
    metafile: true,
    plugins: [
      {
        name: "grafana-shim-embed",
        setup(build) {
          build.onLoad({ filter: /[\\/]server[\\/]grpc[\\/]proto-root\.js$/ }, () => ({
            contents: embeddedProtoRoot(),
            loader: "js",
          }));
          build.onLoad({ filter: /[\\/]cli[\\/]version\.js$/ }, (args) => ({
            contents: withVersion(readFileSync(args.path, "utf8")),
            loader: "js",
          }));
        },
      },
    ],
  });
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}

/** proto-root.js for the bundle: the same `protoRoot(file)`, reading the embedded .proto texts. */
export function embeddedProtoRoot(): string {
  const dir = join(projectRoot, "proto");
  const sources: Record<string, string> = {};
  for (const file of protoFiles(dir))
    sources[relative(dir, file).split("\\").join("/")] = readFileSync(file, "utf8");
  return `import protobuf from "protobufjs";
const sources = ${JSON.stringify(sources)};
const roots = new Map();
export function protoRoot(file) {
  let root = roots.get(file);
  if (!root) {
    const text = sources[file];
    if (text === undefined) throw new Error("no embedded proto file " + file);
    root = new protobuf.Root();
    protobuf.parse(text, root, { keepCase: true });
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
  /JSON\.parse\(\s*readFileSync\(\s*new URL\("\.\.\/\.\.\/\.\.\/package\.json", import\.meta\.url\),\s*"utf8"\s*\)\s*\)/;

/** version.js reads package.json beside the package; the bundle has none, so the version goes in. */
function withVersion(source: string): string {
  if (!packageJsonRead.test(source)) {
    throw new ShimError(
      ErrorCode.Internal,
      "package: dist/src/cli/version.js no longer reads package.json as the bundler expects",
    );
  }
  return source.replace(packageJsonRead, JSON.stringify({ version: packageVersion() }));
}

export function packageVersion(): string {
  return String(JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).version);
}
