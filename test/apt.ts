/** Debian packages a test run needs, installed with apt-get (as root, or through sudo -n). */
import { spawnSync } from "node:child_process";

/** Installs `packages`; throws with `advice` when apt-get fails. */
export function aptInstall(packages: readonly string[], what: string, advice: string): void {
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages],
  ]) {
    const [cmd, ...rest] = [...sudo, ...args] as [string, ...string[]];
    process.stderr.write(`${what}: ${[cmd, ...rest].join(" ")}\n`);
    const run = spawnSync(cmd, rest, { stdio: ["ignore", "inherit", "inherit"], env });
    if (run.status !== 0) {
      throw new Error(
        `installing ${packages.join(" ")} failed (${[cmd, ...rest].join(" ")} exited ${run.status ?? run.error?.message}): ${advice}`,
      );
    }
  }
}
