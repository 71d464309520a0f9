/** Where browser tests put their screenshots (test/.output/screenshots/, not committed). */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

export const screenshotDir = fileURLToPath(
  new URL("../../../test/.output/screenshots/", import.meta.url),
);

/** A full-page PNG named `<name>.png`; its path is printed so a person can open it. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`screenshot: ${path}\n`);
  return path;
}
