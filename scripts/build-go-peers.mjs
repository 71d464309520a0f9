#!/usr/bin/env node
// Builds every Go peer under test/go/<module>/cmd/<name> into test/.bin/<name>, after gofmt and
// go vet have checked every Go file (the shared hostkit/hostrun packages with each host's own
// libraries, since each host pins its era's versions).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const goRoot = join(root, "test/go");
const binDir = join(root, "test/.bin");
mkdirSync(binDir, { recursive: true });
// go.mod and go.sum are complete: a build must never rewrite them.
const env = { ...process.env, GOFLAGS: "-mod=readonly" };

function go(args, cwd, what) {
  const result = spawnSync("go", args, { cwd, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`${what} failed in ${cwd.slice(root.length)}`);
    process.exit(result.status || 1);
  }
}

if (!existsSync(goRoot)) process.exit(0);
const unformatted = spawnSync("gofmt", ["-l", goRoot], { encoding: "utf8" });
if (unformatted.status !== 0 || unformatted.stdout.trim() !== "") {
  console.error(`gofmt -l lists files that are not formatted:\n${unformatted.stdout}`);
  process.exit(1);
}
for (const module of readdirSync(goRoot)) {
  const dir = join(goRoot, module);
  if (!existsSync(join(dir, "cmd"))) continue;
  const started = Date.now();
  const shared = [...readFileSync(join(dir, "go.mod"), "utf8").matchAll(/^replace (\S+) =>/gm)].map(
    (m) => m[1],
  );
  go(["vet", "./...", ...shared], dir, "go vet");
  go(["build", "-o", binDir, "./cmd/..."], dir, "go build");
  console.error(`checked and built Go peers of test/go/${module} in ${Date.now() - started} ms`);
}
