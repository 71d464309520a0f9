/**
 * The Simple JSON plugin's React frontend (src/frontend/) bundled by esbuild into the AMD
 * `module.js` Grafana's plugin loader runs: what Grafana provides stays outside, by the list
 * @grafana/create-plugin marks external; everything else is inside.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ErrorCode, ShimError } from "../errors.js";
import { packageRoot } from "../package-root.js";

/** Module names Grafana's loader provides to plugins (@grafana/create-plugin's externals). */
export const grafanaProvided: readonly string[] = [
  "lodash",
  "jquery",
  "moment",
  "slate",
  "emotion",
  "@emotion/react",
  "@emotion/css",
  "prismjs",
  "slate-plain-serializer",
  "@grafana/slate-react",
  "react",
  "react-dom",
  "react-redux",
  "redux",
  "rxjs",
  "i18next",
  "react-router",
  "react-router-dom",
  "d3",
  "angular",
];

/** @grafana/ui, @grafana/runtime and @grafana/data, with any subpath. */
const grafanaPackages = /^@grafana\/(ui|runtime|data)(\/.*)?$/i;

export function isGrafanaProvided(name: string): boolean {
  return grafanaProvided.includes(name) || grafanaPackages.test(name);
}

/** Where `npm run build` writes the frontend; `grafana-shim package` copies it from there. */
export const frontendModule = join(packageRoot, "dist/frontend/module.js");

export interface FrontendBundle {
  readonly bytes: number;
  /** The AMD dependencies, each one Grafana provides. */
  readonly dependencies: readonly string[];
}

export async function writeFrontendBundle(outfile = frontendModule): Promise<FrontendBundle> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(packageRoot, "src/frontend/module.ts")],
    bundle: true,
    write: false,
    platform: "browser",
    format: "cjs",
    target: "es2020",
    // React.createElement (the classic transform): no react/jsx-runtime, one module for React 17-19.
    jsx: "transform",
    jsxFactory: "React.createElement",
    jsxFragment: "React.Fragment",
    minify: true,
    legalComments: "eof",
    define: { "process.env.NODE_ENV": '"production"' },
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        name: "grafana-provided",
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            isGrafanaProvided(args.path) ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
    outfile,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new ShimError(ErrorCode.Internal, "esbuild wrote no frontend");
  const dependencies = [
    ...new Set(
      Object.values(result.metafile.outputs).flatMap((o) =>
        o.imports.filter((i) => i.external).map((i) => i.path),
      ),
    ),
  ].sort();
  const text = amdModule(output.text, dependencies);
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, text);
  return { bytes: Buffer.byteLength(text), dependencies };
}

/**
 * A CommonJS bundle as one anonymous AMD module: its `require` answers from the loader's
 * dependencies, and module.exports (holding `plugin`) is the module's value.
 */
export function amdModule(cjs: string, dependencies: readonly string[]): string {
  const names = JSON.stringify(dependencies);
  return `define(${names}, function () {
var __provided = {}, __names = ${names};
for (var __i = 0; __i < __names.length; __i++) __provided[__names[__i]] = arguments[__i];
var require = function (name) {
  if (Object.prototype.hasOwnProperty.call(__provided, name)) return __provided[name];
  throw new Error("Simple JSON plugin: Grafana did not provide " + name);
};
var module = { exports: {} }, exports = module.exports;
${cjs}
return module.exports;
});
`;
}

/** The AMD dependencies a built module.js declares (for checks and for `package`'s report). */
export function amdDependencies(file: string): string[] {
  const head = /^define\((\[[^\]]*\])/.exec(readFileSync(file, "utf8"));
  if (!head?.[1]) throw new ShimError(ErrorCode.Internal, `${file} is not an AMD module`);
  return JSON.parse(head[1]) as string[];
}
