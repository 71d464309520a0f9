/**
 * Launchers Grafana runs as `<executable>_<os>_<arch>`: on Linux and macOS a POSIX sh script
 * that `exec`s Node.js on the bundle (so the host sees the shim's own exit and pipes), with
 * grafana-shim.json beside it as the settings file; on Windows a compiled program (see
 * package-windows.ts), because Grafana runs the .exe directly and a script cannot be one.
 */
export const posixTargets = [
  "linux_amd64",
  "linux_arm64",
  "linux_arm",
  "darwin_amd64",
  "darwin_arm64",
] as const;

export const windowsTarget = "windows_amd64";

export function launcherName(executable: string, target: string): string {
  return `${executable}_${target}${target.startsWith("windows") ? ".exe" : ""}`;
}

export const posixLauncher = `#!/bin/sh
# grafana-shim launcher: Grafana starts this file as the backend plugin; it becomes Node.js
# running the bundled shim (exec), so Grafana sees the shim's own exit.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P) || exit 1
if [ -z "\${GRAFANA_SHIM_CONFIG:-}" ] && [ -f "$dir/grafana-shim.json" ]; then
  GRAFANA_SHIM_CONFIG="$dir/grafana-shim.json"
  export GRAFANA_SHIM_CONFIG
fi
node="\${GRAFANA_SHIM_NODE:-node}"
if ! command -v "$node" >/dev/null 2>&1; then
  echo "grafana-shim: Node.js 20 or later must be on PATH (PATH=$PATH), or GRAFANA_SHIM_NODE set to its path" >&2
  exit 1
fi
exec "$node" "$dir/grafana-shim.js" "$@"
`;
