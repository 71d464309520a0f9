/**
 * esbuild plugin for split bundles: `await import("prom-client")` of a CommonJS package in its
 * own chunk would see only `default` (esbuild issue #3245), so each such import goes through
 * a module that names the package's exports, listed by requiring it at build time. A package
 * compiled from ES modules (`__esModule`, as OpenTelemetry's) is its own namespace.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Plugin } from "esbuild";

const namespace = "grafana-shim-lazy-package";
const identifier = /^[A-Za-z_$][\w$]*$/;

export function lazyPackages(external: readonly string[]): Plugin {
  return {
    name: namespace,
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== "dynamic-import" || args.path.startsWith("node:")) return undefined;
        if (external.includes(args.path)) return undefined;
        const names = commonJsExports(args.path, args.resolveDir);
        return names && { path: args.path, namespace, pluginData: { names, dir: args.resolveDir } };
      });
      build.onLoad({ filter: /.*/, namespace }, (args) => {
        const { names, dir } = args.pluginData as { names: string[]; dir: string };
        const contents = [
          `import * as ns from ${JSON.stringify(args.path)};`,
          "const m = ns.__esModule ? ns : (ns.default ?? ns);",
          `export const { ${names.join(", ")} } = m;`,
          "export default m;",
        ].join("\n");
        return { contents, resolveDir: dir, loader: "js" };
      });
    },
  };
}

/** The export names of a CommonJS package; undefined for an ES module package. */
function commonJsExports(name: string, dir: string): string[] | undefined {
  let exports: unknown;
  try {
    exports = createRequire(join(dir, "index.js"))(name);
  } catch {
    return undefined;
  }
  if (typeof exports !== "object" || exports === null) return undefined;
  return Object.keys(exports).filter((key) => identifier.test(key) && key !== "default");
}
