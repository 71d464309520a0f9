#!/bin/sh
# grafana-shim launcher, copied by `grafana-shim package` as <executable>_<os>_<arch> where no
# standalone executable runs: Grafana starts this file as the backend plugin; it becomes
# Node.js running the bundled shim (exec), so Grafana sees the shim's own exit.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P) || exit 1
if [ -z "${GRAFANA_SHIM_CONFIG:-}" ] && [ -f "$dir/grafana-shim.json" ]; then
  GRAFANA_SHIM_CONFIG="$dir/grafana-shim.json"
  export GRAFANA_SHIM_CONFIG
fi
node="${GRAFANA_SHIM_NODE:-node}"
if ! command -v "$node" >/dev/null 2>&1; then
  echo "grafana-shim: Node.js 20 or later must be on PATH (PATH=$PATH), or GRAFANA_SHIM_NODE set to its path (Alpine: apk add nodejs; Debian/Ubuntu: apt-get install nodejs; macOS: brew install node)" >&2
  exit 1
fi
# The flags are pluginNodeFlags (src/cli/package-launchers.ts), as the standalone executables have them.
exec "$node" --max-semi-space-size=2 --heap-growing-percent=150 "$dir/grafana-shim.js" "$@"
