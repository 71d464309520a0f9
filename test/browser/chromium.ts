/**
 * Debian's Chromium for the browser tests: found at /usr/bin/chromium (or CHROMIUM_PATH), and
 * installed with apt-get when missing. Never a browser download of a driver's own.
 */
import { accessSync, constants, mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aptInstall } from "../apt.js";

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The browser's path, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const given = process.env.CHROMIUM_PATH;
  return [...(given ? [given] : []), ...candidates].find(isExecutable);
}

/**
 * The browser's path, installing Debian's `chromium` package first when there is none. Test
 * files may call this at once: one installs while the others wait on its lock.
 */
export async function ensureChromium(): Promise<string> {
  const found = chromiumPath();
  if (found) return found;
  const lock = join(tmpdir(), "grafana-shim-chromium-install.lock");
  while (!takeLock(lock)) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const installed = chromiumPath();
    if (installed) return installed;
  }
  try {
    return chromiumPath() ?? install();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function install(): string {
  aptInstall(
    ["chromium"],
    "browser tests",
    "install it as root with apt-get install chromium, or set CHROMIUM_PATH",
  );
  const path = chromiumPath();
  if (!path) throw new Error("apt-get installed chromium but /usr/bin/chromium is not there");
  return path;
}

/** A lock a crashed run cannot hold for ever: older than 15 minutes counts as free. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true });
    } catch {}
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
