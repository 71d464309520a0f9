/**
 * Headless Chromium (Debian's) driven by playwright-core, with the flags that work on these
 * machines and a fresh profile folder, removed again on close.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { ensureChromium } from "./chromium.js";

/** Beside --headless and --user-data-dir, which playwright-core passes itself. */
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface RunningBrowser {
  readonly context: BrowserContext;
  /** A new tab whose console errors and page errors are collected in `problems`. */
  newPage(): Promise<Page>;
  /** Console errors and uncaught exceptions of every page, in order. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function launchBrowser(
  viewport = { width: 1280, height: 900 },
): Promise<RunningBrowser> {
  const executablePath = await ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), "grafana-shim-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: chromiumFlags,
    viewport,
    timeout: 60_000,
  });
  const problems: string[] = [];
  return {
    context,
    problems,
    async newPage() {
      const page = await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
