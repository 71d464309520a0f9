/** The package's folder (package.json, bin/, proto/, dist/), for files found at run time. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getAsset, isSea } from "node:sea";
import { fileURLToPath } from "node:url";

// Two levels up both from dist/src/package-root.js and from the bundle's files in dist/bundle/.
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The playground page and the replay report's assets, as `npm run build` writes them. */
export const playgroundDir = join(packageRoot, "dist/playground");

/** What `npm run build` writes to playgroundDir, each also a standalone executable's asset. */
export const playgroundFiles = [
  "index.html",
  "playground.js",
  "playground.css",
  "report.html",
  "report.js",
  "report.css",
] as const;

/** The name a standalone executable keeps `file` of playgroundDir under. */
export const playgroundAsset = (file: string) => `playground/${file}`;

/**
 * A built page file: from the executable itself when it is a standalone one (it has no
 * dist/ beside it), else from `dir`. Throws when it is not there.
 */
export function readPlaygroundFile(file: string, dir = playgroundDir): Buffer {
  if (dir === playgroundDir && isSea()) return Buffer.from(getAsset(playgroundAsset(file)));
  return readFileSync(join(dir, file));
}
