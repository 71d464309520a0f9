/**
 * What Grafana runs as `<executable>_<os>_<arch>`: standalone executables where the npm registry
 * has a Node.js 24 build (package-standalone.ts), and elsewhere (darwin, 32-bit arm, musl libc)
 * bin/plugin-launcher.sh, a POSIX sh script that `exec`s a system Node.js on the bundle, with
 * grafana-shim.json beside it as the settings file.
 */
import { join } from "node:path";
import { packageRoot } from "../package-root.js";

export const launcherTargets = ["linux_arm", "darwin_amd64", "darwin_arm64"] as const;

/** The launcher script copied for those targets. */
export const posixLauncherFile = join(packageRoot, "bin/plugin-launcher.sh");

/** Where Node.js comes from on the machines launchers run on (the launcher prints them too). */
export const nodeInstallLines = [
  "Alpine: apk add nodejs",
  "Debian/Ubuntu: apt-get install nodejs",
  "macOS: brew install node",
] as const;

/**
 * The V8 flags every packaged executable runs the shim with (bench/README.md, plugin-query):
 * a 2 MiB young generation semi-space instead of up to 16 MiB keeps about 25 MiB less resident
 * under load, and its scavenges stay in the CPU's caches; an old space allowed to grow to 2.5×
 * what the last full collection kept (V8 picks up to 4×) holds another ~20 MiB less under load.
 */
export const pluginNodeFlags = ["--max-semi-space-size=2", "--heap-growing-percent=150"] as const;

export function launcherName(executable: string, target: string): string {
  return `${executable}_${target}${target.startsWith("windows") ? ".exe" : ""}`;
}
