#!/usr/bin/env node
// Builds every Go peer under test/go/<module>/cmd/<name> into test/.bin/<name>.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const goRoot = join(root, "test/go");
const binDir = join(root, "test/.bin");
mkdirSync(binDir, { recursive: true });

if (!existsSync(goRoot)) process.exit(0);
for (const module of readdirSync(goRoot)) {
  const cmdDir = join(goRoot, module, "cmd");
  if (!existsSync(cmdDir)) continue;
  const started = Date.now();
  const result = spawnSync("go", ["build", "-o", binDir, "./cmd/..."], {
    cwd: join(goRoot, module),
    stdio: "inherit",
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  if (result.status !== 0) {
    console.error(`go build failed in test/go/${module}`);
    process.exit(result.status ?? 1);
  }
  console.error(`built Go peers of test/go/${module} in ${Date.now() - started} ms`);
}
