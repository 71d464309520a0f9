/**
 * A standalone plugin executable: a Node.js single executable application, i.e. the pinned
 * runtime (standalone-runtime.ts) with the shim's bundled main script injected by postject as
 * the NODE_SEA_BLOB resource (ELF note, PE resource). The blob is written by a runtime of the
 * same version that runs on this machine; when that is the target's own runtime, the blob also
 * carries V8's code cache of the main script (a cache is only valid for the V8 build that made it).
 */
import { execFile } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import { playgroundAsset, playgroundDir, playgroundFiles } from "../package-root.js";
import { packagedBundles } from "./package-bundle.js";
import {
  runtimeBinary,
  runtimeVersion,
  type StandaloneTarget,
  standaloneNodeFlags,
  standaloneTargets,
} from "./standalone-runtime.js";

const run = promisify(execFile);

/** The fuse Node.js looks for to know that a blob was injected (postject flips its last character). */
export const seaFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
export const seaResource = "NODE_SEA_BLOB";

export interface Standalone {
  readonly bytes: number;
  /** Whether the blob carries a code cache (only when this machine runs the target's runtime). */
  readonly codeCache: boolean;
}

/** The runtime target this machine can run (glibc Linux x64/arm64, Windows x64), if any. */
export function localTarget(): StandaloneTarget | undefined {
  if (process.platform === "linux" && !isGlibc()) return undefined;
  return standaloneTargets.find((t) => t.platform === process.platform && t.arch === process.arch);
}

function isGlibc(): boolean {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } })
    ?.header;
  return typeof header?.glibcVersionRuntime === "string";
}

/** Writes the standalone executable of `target` to `outfile`. */
export async function writeStandalone(
  target: StandaloneTarget,
  outfile: string,
  main: string = packagedBundles.standalone,
): Promise<Standalone> {
  const local = localTarget();
  const builder = local
    ? await runtimeBinary(local)
    : process.version === `v${runtimeVersion}`
      ? process.execPath
      : undefined;
  if (builder === undefined) {
    throw new ShimError(
      ErrorCode.Unavailable,
      `package: writing standalone executables needs Node.js ${runtimeVersion} to run here (linux x64/arm64 with glibc, or windows x64 fetch it themselves); this is ${process.platform} ${process.arch} with Node.js ${process.version}`,
    );
  }
  const missing = playgroundFiles.find((file) => !existsSync(join(playgroundDir, file)));
  if (missing !== undefined) {
    throw new ShimError(
      ErrorCode.Unavailable,
      `package: the playground is not built (${join(playgroundDir, missing)} is missing): run npm run build`,
    );
  }
  const runtime = await runtimeBinary(target);
  const codeCache = local === target;
  const work = mkdtempSync(join(tmpdir(), "grafana-shim-sea-"));
  try {
    const blob = join(work, "sea-prep.blob");
    const config = join(work, "sea-config.json");
    writeFileSync(
      config,
      JSON.stringify({
        main,
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: codeCache,
        execArgv: standaloneNodeFlags,
        // The playground page and the replay report's files: there is no dist/ beside it.
        assets: Object.fromEntries(
          playgroundFiles.map((file) => [playgroundAsset(file), join(playgroundDir, file)]),
        ),
      }),
    );
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    // The code cache is made under the flags it will run with: V8 rejects one whose flags differ.
    const argv = [...standaloneNodeFlags, "--experimental-sea-config", config];
    await run(builder, argv, { cwd: work, env, timeout: 120_000 });
    copyFileSync(runtime, outfile);
    chmodSync(outfile, 0o755);
    await injectQuietly(outfile, readFileSync(blob));
    return { bytes: statSync(outfile).size, codeCache };
  } catch (thrown) {
    rmSync(outfile, { force: true });
    if (thrown instanceof ShimError) throw thrown;
    const reason = messageOf(thrown);
    throw new ShimError(ErrorCode.Internal, `package: cannot write ${outfile}: ${reason}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** postject's LIEF reports ELF quirks it copes with ("Can't find string offset…") on console.warn. */
async function injectQuietly(outfile: string, blob: Buffer): Promise<void> {
  const { inject } = await import("postject");
  const warn = console.warn;
  console.warn = () => {};
  try {
    await inject(outfile, seaResource, blob, { sentinelFuse: seaFuse });
  } finally {
    console.warn = warn;
  }
}
