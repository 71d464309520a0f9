/**
 * A test page's script bundled with the real npm packages of one Grafana release: react,
 * react-dom, @grafana/data, @grafana/ui and @grafana/runtime each resolve to that release's one
 * copy (the oldest release comes from aliased devDependencies such as grafana-ui-9, with the
 * React its @grafana/ui depends on), so plugins loaded by the page share them as in Grafana.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
const modules = join(root, "node_modules");

export interface GrafanaRelease {
  /** The @grafana/ui version, such as "13.2.3". */
  readonly version: string;
  /** Package name → [the name to resolve instead, the folder to resolve it from]. */
  readonly packages: Readonly<Record<string, readonly [string, string]>>;
  /** @grafana/ui's icons, which newer releases fetch from public/build/img/icons/. */
  readonly icons?: string;
}

/** Current Grafana (the top-level devDependencies, React 19). */
export const currentGrafana = release({
  react: ["react", root],
  "react-dom": ["react-dom", root],
  "@grafana/data": ["@grafana/data", root],
  "@grafana/ui": ["@grafana/ui", root],
  "@grafana/runtime": ["@grafana/runtime", root],
});

/** Grafana 9.0, the oldest the React frontend supports (React 17). */
export const oldestGrafana = release({
  react: ["react", join(modules, "grafana-ui-9")],
  "react-dom": ["react-dom", join(modules, "grafana-ui-9")],
  "@grafana/data": ["grafana-data-9", root],
  "@grafana/ui": ["grafana-ui-9", root],
  "@grafana/runtime": ["grafana-runtime-9", root],
});

function release(packages: GrafanaRelease["packages"]): GrafanaRelease {
  const [name, from] = packages["@grafana/ui"] as readonly [string, string];
  const icons = join(packageDir(name, from), "dist/public/img/icons");
  return { version: packageVersion(name, from), packages, ...(existsSync(icons) ? { icons } : {}) };
}

/** The version of the package `name` as it resolves from `from`. */
export function packageVersion(name: string, from: string): string {
  const file = join(packageDir(name, from), "package.json");
  return String(JSON.parse(readFileSync(file, "utf8")).version);
}

function packageDir(name: string, from: string): string {
  return join(from === root ? modules : join(from, "node_modules"), name);
}

/** Bundles `entry` (TypeScript or TSX) for the browser into one IIFE script with `release`'s packages. */
export async function bundlePage(
  entry: string,
  outfile: string,
  grafana: GrafanaRelease,
): Promise<void> {
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    jsx: "transform",
    jsxFactory: "React.createElement",
    jsxFragment: "React.Fragment",
    define: {
      "process.env.NODE_ENV": '"production"',
      global: "globalThis",
      GRAFANA_VERSION: JSON.stringify(grafana.version),
    },
    loader: {
      ".css": "empty",
      ".svg": "text",
      ".png": "empty",
      ".woff": "empty",
      ".woff2": "empty",
      ".ttf": "empty",
    },
    logLevel: "silent",
    plugins: [pinned(grafana), nodeBuiltinsEmpty],
  });
}

/**
 * Grafana 9's packages are CommonJS builds whose dependencies name Node's modules on paths a
 * browser never takes (papaparse's streams, debug's tty): those resolve to an empty module.
 */
const nodeBuiltinsEmpty: Plugin = {
  name: "node-builtins-empty",
  setup(build) {
    build.onResolve(
      { filter: /^(node:)?(stream|fs|tty|util|path|os|crypto|http|https|zlib)$/ },
      (args) => ({
        path: args.path,
        namespace: "node-builtin",
      }),
    );
    build.onLoad({ filter: /.*/, namespace: "node-builtin" }, () => ({
      contents: "module.exports = {};",
      loader: "js",
    }));
  },
};

/** Resolves the release's packages (and their subpaths) to its one copy of each. */
function pinned(grafana: GrafanaRelease): Plugin {
  const names = Object.keys(grafana.packages).map((n) => n.replace("/", "\\/"));
  const filter = new RegExp(`^(${names.join("|")})(\\/.*)?$`);
  return {
    name: "grafana-release",
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === "pinned") return undefined;
        const match = filter.exec(args.path);
        const [name, from] = grafana.packages[match?.[1] ?? ""] ?? [];
        if (name === undefined || from === undefined) return undefined;
        const target = await build.resolve(`${name}${match?.[2] ?? ""}`, {
          kind: args.kind,
          resolveDir: from,
          pluginData: "pinned",
        });
        const inside = target.path.startsWith(packageDir(name, from) + sep);
        // React 17 has no react-dom/client: pages fall back to ReactDOM.render there.
        if (args.path === "react-dom/client" && (target.errors.length > 0 || !inside))
          return { path: args.path, namespace: "absent" };
        if (target.errors.length > 0) {
          const texts = target.errors.map((e) => e.text);
          return { errors: texts.map((text) => ({ text })) };
        }
        if (!inside)
          return { errors: [{ text: `${args.path} resolved outside ${name}: ${target.path}` }] };
        return { path: target.path };
      });
      build.onLoad({ filter: /.*/, namespace: "absent" }, () => ({
        contents: "export const createRoot = undefined;",
        loader: "js",
      }));
    },
  };
}
