/** The package's folder (package.json, bin/, proto/, dist/), for files found at run time. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Two levels up both from dist/src/package-root.js and from the bundle's files in dist/bundle/.
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The playground page and the replay report's assets, as `npm run build` writes them. */
export const playgroundDir = join(packageRoot, "dist/playground");
