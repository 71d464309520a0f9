/**
 * A datasource plugin's page (test/browser/page/) on one Grafana release, served with the
 * plugin folder and the gateway behind `/api/`, open in a browser tab; tests call the page's
 * `window.harness` methods by name.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { bundlePage, type GrafanaRelease, root } from "./grafana-bundle.js";
import type { RunningBrowser } from "./launch.js";
import { type PageServer, servePages } from "./page-server.js";

const pageSource = join(root, "test/browser/page");

/** Builds the page for `release` into dist/test/browser/pages/<version>/ and returns that folder. */
export async function buildPluginPage(release: GrafanaRelease): Promise<string> {
  const dir = join(root, "dist/test/browser/pages", release.version);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(pageSource, "index.html"), join(dir, "index.html"));
  await bundlePage(join(pageSource, "datasource-page.tsx"), join(dir, "harness.js"), release);
  return dir;
}

export interface PluginPage {
  readonly page: Page;
  readonly server: PageServer;
  /** `window.harness[method](...args)` in the page, its result as JSON. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export async function openPluginPage(
  browser: RunningBrowser,
  release: GrafanaRelease,
  pluginDir: string,
  api: string,
): Promise<PluginPage> {
  const dir = await buildPluginPage(release);
  const server = await servePages({
    mounts: {
      "/": dir,
      "/vendor/": join(root, "node_modules/requirejs"),
      "/plugin/": pluginDir,
      ...(release.icons ? { "/public/build/img/icons/": release.icons } : {}),
    },
    api,
  });
  const page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  const call = <T>(method: string, ...args: unknown[]) =>
    page.evaluate(
      ([name, values]) => {
        const harness = (
          globalThis as unknown as { harness: Record<string, (...args: unknown[]) => unknown> }
        ).harness;
        const fn = harness[name as string];
        if (!fn) throw new Error(`the page has no harness.${name}`);
        return fn(...(values as unknown[]));
      },
      [method, args] as const,
    ) as Promise<T>;
  return {
    page,
    server,
    call,
    async close() {
      await page.close();
      await server.close();
    },
  };
}
