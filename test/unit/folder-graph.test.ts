/**
 * The folders of src/ import one way: no folder reaches itself again through others, and every
 * import goes down the declared layers, from what a user starts to the model and the modules
 * every layer may use. A planted import shows that both checks fail.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const srcRoot = fileURLToPath(new URL("../../../src/", import.meta.url));

/**
 * Top-level folders and root modules of src/, first layer first: each imports only from layers
 * below its own (its sub-folders may import each other as long as no circle forms).
 */
const layers: readonly (readonly string[])[] = [
  ["index.ts", "cli", "playground", "frontend"], // the public API and what a user starts
  ["replay"], // record and replay: drives the client, a gateway, fixtures
  ["server", "backends"], // what Grafana calls; the built-in handlers (registered by cli)
  ["client"], // a go-plugin host for plugin executables (wrap mode, record, replay)
  ["protocol"], // go-plugin handshake, gRPC helpers, each protocol's wire conversions both ways
  ["tracing", "datasources"],
  ["handler"],
  ["adapters"],
  ["frames"],
  ["model"],
  ["config.ts"],
  [
    "log",
    "time",
    "metrics.ts",
    "secrets.ts",
    "pending-work.ts",
    "json-object.ts",
    "exact-json.ts",
    "well-formed.ts",
    "package-root.ts",
    "version.ts",
  ],
  ["errors.ts"],
];

/** src/ as path (relative, "/"-separated) → text, for the checks to read or to be planted into. */
function sourceTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts"))
        files.set(relative(root, path).split(sep).join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(root);
  return files;
}

const importForms = [
  /\b(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']/g, // static, type-only, re-export
  /\bimport\s*["']([^"']+)["']/g, // for its effect alone
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, // dynamic, and import("…") types
];

/** The relative module specifiers a file imports (comments left out). */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return importForms.flatMap((form) =>
    [...code.matchAll(form)].map((m) => m[1] as string).filter((s) => s.startsWith(".")),
  );
}

function resolveImport(files: Map<string, string>, from: string, spec: string): string {
  const base = posix.join(posix.dirname(from), spec);
  const stem = base.replace(/\.js$/, "");
  const found = [`${stem}.ts`, `${stem}.tsx`, base, `${base}/index.ts`].find((f) => files.has(f));
  if (found === undefined) throw new Error(`${from}: cannot resolve import "${spec}"`);
  return found;
}

/** A root module is a node of its own; any other file belongs to its folder. */
const nodeOf = (file: string): string => (file.includes("/") ? posix.dirname(file) : file);
const unitOf = (node: string): string => node.split("/")[0] as string;

interface FolderEdge {
  readonly from: string;
  readonly to: string;
  /** One import that makes the edge, as "file → imported file". */
  readonly via: string;
}

function folderEdges(files: Map<string, string>): FolderEdge[] {
  const edges = new Map<string, FolderEdge>();
  for (const [file, text] of files) {
    for (const spec of specifiers(text)) {
      const target = resolveImport(files, file, spec);
      const from = nodeOf(file);
      const to = nodeOf(target);
      const key = `${from}\0${to}`;
      if (from !== to && !edges.has(key)) edges.set(key, { from, to, via: `${file} → ${target}` });
    }
  }
  return [...edges.values()];
}

/** Each circle of folders (a strongly connected component of two or more), as its edges. */
function circles(edges: readonly FolderEdge[]): FolderEdge[][] {
  const out = new Map<string, FolderEdge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: FolderEdge[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const { to } of out.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (stack.includes(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const members = new Set<string>();
    for (let top = stack.pop(); ; top = stack.pop()) {
      members.add(top as string);
      if (top === node) break;
    }
    if (members.size > 1) found.push(edges.filter((e) => members.has(e.from) && members.has(e.to)));
  };
  for (const node of new Set(edges.flatMap((e) => [e.from, e.to])))
    if (!index.has(node)) visit(node);
  return found;
}

/** Imports that go up the layers or sideways between two units of one layer, or from an undeclared unit. */
function layerProblems(edges: readonly FolderEdge[], order = layers): string[] {
  const rank = new Map(order.flatMap((units, i) => units.map((unit) => [unit, i] as const)));
  const problems: string[] = [];
  for (const e of edges) {
    const [from, to] = [unitOf(e.from), unitOf(e.to)];
    if (from === to) continue;
    const [a, b] = [rank.get(from), rank.get(to)];
    if (a === undefined || b === undefined) {
      problems.push(`${a === undefined ? from : to} is in no layer (${e.via})`);
    } else if (a >= b) {
      problems.push(`${from} (layer ${a + 1}) imports ${to} (layer ${b + 1}): ${e.via}`);
    }
  }
  return problems;
}

const describeCircle = (circle: readonly FolderEdge[]): string =>
  circle.map((e) => `${e.from} → ${e.to} (${e.via})`).join("; ");

describe("the folder import graph of src/", () => {
  const files = sourceTree(srcRoot);

  test("has no circle", () => {
    assert.deepEqual(circles(folderEdges(files)).map(describeCircle), []);
  });

  test("goes down the declared layers", () => {
    assert.deepEqual(layerProblems(folderEdges(files)), []);
  });

  test("every top-level folder and root module is in a layer", () => {
    const declared = new Set(layers.flat());
    const present = readdirSync(srcRoot).filter(
      (name) => statSync(join(srcRoot, name)).isDirectory() || /\.tsx?$/.test(name),
    );
    assert.deepEqual(
      present.filter((unit) => !declared.has(unit) && !unit.endsWith(".d.ts")),
      [],
    );
    assert.deepEqual(
      [...declared].filter((unit) => !existsSync(join(srcRoot, unit))),
      [],
    );
  });

  test("a planted import from the model up to cli makes a circle and an upward edge", () => {
    const planted = new Map(files);
    const model = "model/data.ts";
    planted.set(model, `import "../cli/main.js";\n${files.get(model)}`);
    const found = circles(folderEdges(planted));
    assert.equal(found.length, 1);
    const nodes = new Set(found[0]?.flatMap((e) => [e.from, e.to]));
    for (const node of ["cli", "model", "handler"]) assert.ok(nodes.has(node), node);
    assert.ok(
      layerProblems(folderEdges(planted)).some((p) => p.startsWith("model (layer 10) imports cli")),
    );
  });

  test("a circle between two sub-folders of one folder is found, type-only imports included", () => {
    const planted = new Map(files);
    planted.set(
      "replay/fixture/extra.ts",
      'import type { ReplayTarget } from "../targets/target.js";\n',
    );
    const found = circles(folderEdges(planted)).map(describeCircle);
    assert.equal(found.length, 1);
    assert.match(found[0] as string, /replay\/fixture → replay\/targets/);
    assert.match(found[0] as string, /replay\/targets → replay\/fixture/);
    assert.deepEqual(layerProblems(folderEdges(planted)), []);
  });

  test("an import between two units of one layer is an edge against the order", () => {
    const planted = new Map(files);
    planted.set("backends/demo/extra.ts", 'import("../../server/http/gateway.js");\n');
    assert.deepEqual(circles(folderEdges(planted)), []);
    assert.deepEqual(layerProblems(folderEdges(planted)), [
      "backends (layer 3) imports server (layer 3): backends/demo/extra.ts → server/http/gateway.ts",
    ]);
  });

  test("an import that leads to no file fails rather than going unseen", () => {
    const planted = new Map(files);
    planted.set("model/extra.ts", 'export { x } from "./missing.js";\n');
    assert.throws(() => folderEdges(planted), /model\/extra\.ts: cannot resolve import/);
  });

  test("reads the sources", () => {
    assert.ok(files.has("index.ts") && files.size > 100, `${files.size} files in ${srcRoot}`);
  });
});
