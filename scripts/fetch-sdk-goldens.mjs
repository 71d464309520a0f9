#!/usr/bin/env node
// Copies the golden frame files of several grafana-plugin-sdk-go versions from the Go
// module cache into test/.bin/goldens/<version>/ (see test/conformance/GOLDENS.md).
// Needs only `go` and the Go module proxy. Exits non-zero if any version cannot be had.
// Usage: node scripts/fetch-sdk-goldens.mjs [--quiet]
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "test/.bin/goldens");
const quiet = process.argv.includes("--quiet");
const module = "github.com/grafana/grafana-plugin-sdk-go";

// Each version: why it is here, and files that must be in it (a missing one is an error).
const versions = [
  {
    version: "v0.30.0",
    why: "field names prefixed '<i>🦥: ', IPC V4, no golden JSON",
    expect: ["data/testdata/all_types.golden.arrow"],
  },
  {
    version: "v0.121.0",
    why: "last IPC V4 before v0.122, field metadata `name`",
    expect: [
      "data/testdata/all_types.golden.json",
      "experimental/testdata/frame-no-meta.golden.txt",
    ],
  },
  {
    version: "v0.145.0",
    why: "IPC V5, still field metadata `name`, json.RawMessage fields",
    expect: [
      "data/testdata/all_types.golden.json",
      "experimental/testdata/frame-no-meta.golden.jsonc",
    ],
  },
  {
    version: "v0.147.0",
    why: "first with field metadata `tstype`",
    expect: ["data/testdata/all_types.golden.json"],
  },
  {
    version: "v0.298.0",
    why: "latest: enum fields, meta.typeVersion",
    expect: ["data/testdata/all_types.golden.json"],
  },
];
const goldenDirs = ["data/testdata", "experimental/testdata"];

function download(version) {
  const result = spawnSync("go", ["mod", "download", "-json", `${module}@${version}`], {
    cwd: tmpdir(), // outside any go.mod
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  if (result.error) throw new Error(`cannot run go: ${result.error.message}`);
  let info;
  try {
    info = JSON.parse(result.stdout);
  } catch {
    throw new Error(`go mod download ${version} failed: ${result.stderr.trim()}`);
  }
  if (info.Error || !info.Dir)
    throw new Error(`go mod download ${version}: ${info.Error ?? "no Dir"}`);
  return info.Dir;
}

function copyGoldens({ version, why, expect }) {
  const dir = download(version);
  const copied = [];
  for (const sub of goldenDirs) {
    const from = join(dir, sub);
    if (!existsSync(from)) continue;
    const to = join(outDir, version, sub);
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      copyFileSync(join(from, name), join(to, name));
      chmodSync(join(to, name), 0o644); // the module cache is read-only
      copied.push(`${sub}/${name}`);
    }
  }
  const missing = expect.filter((path) => !copied.includes(path));
  if (missing.length > 0) throw new Error(`${module}@${version} lacks ${missing.join(", ")}`);
  if (!quiet) console.error(`goldens ${version} (${why}): ${copied.join(", ")}`);
  return { version, why, files: copied };
}

const failures = [];
const manifest = [];
for (const entry of versions) {
  try {
    manifest.push(copyGoldens(entry));
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }
}
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
if (failures.length > 0) {
  console.error(`fetch-sdk-goldens: could not fetch every version:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
