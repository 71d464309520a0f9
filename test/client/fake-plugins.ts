/** Small shell scripts that misbehave as plugins do, in a temporary folder. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, type Logger } from "../../src/log/logger.js";

export class FakePlugins {
  readonly dir = mkdtempSync(join(tmpdir(), "fake-plugins-"));

  /** A `#!/bin/sh` script with this body; `mode` 0o755 unless told. */
  script(name: string, body: string, mode = 0o755): string {
    const file = join(this.dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, mode);
    return file;
  }

  folder(name: string): string {
    const path = join(this.dir, name);
    mkdirSync(path);
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A logger whose hclog lines are kept, parsed. */
export function capturingLogger(level: "trace" | "debug" | "info" = "debug"): {
  log: Logger;
  records: () => Record<string, unknown>[];
} {
  const lines: string[] = [];
  const log = createLogger({ level, module: "test", write: (l) => lines.push(l) });
  return { log, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
