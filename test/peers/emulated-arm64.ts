/**
 * The linux_arm64 standalone executable run on an amd64 machine: through qemu-user, with
 * Debian's arm64 C libraries as its root (`-L`). scripts/test.mjs runs the peer suites a third
 * time on it, so the arm64 executable `package` writes is a tested one too.
 */
import { accessSync, chmodSync, constants, existsSync, writeFileSync } from "node:fs";
import { aptInstall } from "../apt.js";

const qemu = "/usr/bin/qemu-aarch64";
const libraries = "/usr/aarch64-linux-gnu";
const packages = [
  "qemu-user",
  "libc6-arm64-cross",
  "libstdc++6-arm64-cross",
  "libgcc-s1-arm64-cross",
];

function installed(): boolean {
  try {
    accessSync(qemu, constants.X_OK);
    return existsSync(`${libraries}/lib/ld-linux-aarch64.so.1`);
  } catch {
    return false;
  }
}

/**
 * Whether arm64 executables can run here, installing qemu-user and the libraries with apt-get
 * when missing; the reason when this machine cannot (not amd64 Linux, no apt-get).
 */
export function ensureArm64Emulation(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { ok: false, why: `this is ${process.platform} ${process.arch}, not linux x64` };
  }
  if (installed()) return { ok: true };
  if (!existsSync("/usr/bin/apt-get")) {
    return { ok: false, why: `no ${qemu} and no apt-get to install it` };
  }
  aptInstall(
    packages,
    "arm64 run",
    `install them as root with apt-get install ${packages.join(" ")}`,
  );
  if (!installed())
    throw new Error(`apt-get installed ${packages.join(" ")} but ${qemu} does not run`);
  return { ok: true };
}

/** Writes `file`: a script that runs the arm64 `executable` under qemu with its arguments. */
export function writeEmulatedLauncher(executable: string, file: string): void {
  writeFileSync(file, `#!/bin/sh\nexec ${qemu} -L ${libraries} '${executable}' "$@"\n`);
  chmodSync(file, 0o755);
}
