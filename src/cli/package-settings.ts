/**
 * grafana-shim.json of a packaged plugin. Made from an old plugin's folder, it keeps the
 * Simple JSON servers on the requests that plugin sent (requestCompat "backend-1.0"), on a
 * line of its own that can be removed; a fresh folder gets the spec's requests.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configFileName } from "../config.js";

/** First, so that removing it leaves valid JSON. */
export const oldRequestsLine = `  "simplejson": { "requestCompat": "backend-1.0" },`;

export function packagedSettingsText(fromOldPlugin: boolean): string {
  const lines = [
    "{",
    ...(fromOldPlugin ? [oldRequestsLine] : []),
    `  "handler": "simplejson"`,
    "}",
  ];
  return `${lines.join("\n")}\n`;
}

/** Writes the settings unless the folder has its own; returns what `package` reports. */
export function writePackagedSettings(out: string, fromOldPlugin: boolean): string[] {
  const file = join(out, configFileName);
  if (existsSync(file)) return [`${configFileName}: kept as it was`];
  writeFileSync(file, packagedSettingsText(fromOldPlugin));
  if (!fromOldPlugin) {
    return [
      `${configFileName}: handler "simplejson" with the Simple JSON spec's requests (ISO 8601 range, one /query call per query)`,
    ];
  }
  return [
    `${configFileName}: handler "simplejson" sending the old plugin's requests, as the Simple JSON servers behind it got them until now (range.from/to as Grafana's raw texts, all targets of a request in one /query call, a body of range and targets only)`,
    `  for the Simple JSON spec's requests (ISO 8601 range, one call per query) remove this line from ${configFileName}:`,
    `  ${oldRequestsLine.trim()}`,
  ];
}
