/** The old plugin's folder: plugin.json read and rewritten with `backend: true`, old executables set aside. */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { ErrorCode, messageOf, ShimError } from "../errors.js";

export type PluginJson = Record<string, unknown>;

export function readPluginJson(dir: string): PluginJson | undefined {
  const file = join(dir, "plugin.json");
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (thrown) {
    throw usage(`${file} is not JSON: ${messageOf(thrown)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw usage(`${file} must hold a JSON object`);
  return value as PluginJson;
}

/** The old plugin's files in `out`, without its executables and its signature manifest. */
export function preparePluginDir(
  pluginDir: string | undefined,
  out: string,
  executable: string,
): string[] {
  const notes: string[] = [];
  mkdirSync(out, { recursive: true });
  const isOld = (name: string) => name.startsWith(`${executable}_`) || name === "MANIFEST.txt";
  if (pluginDir !== undefined && resolve(pluginDir) !== resolve(out)) {
    cpSync(pluginDir, out, {
      recursive: true,
      filter: (src) => !isOld(relativeTop(pluginDir, src)),
    });
  } else {
    const aside = join(out, ".grafana-shim-replaced");
    for (const name of readdirSync(out).filter((n) => n.startsWith(`${executable}_`))) {
      mkdirSync(aside, { recursive: true });
      renameSync(join(out, name), join(aside, name));
      notes.push(`moved the old ${name} to .grafana-shim-replaced/`);
    }
  }
  if (existsSync(join(out, "MANIFEST.txt"))) rmSync(join(out, "MANIFEST.txt"));
  return notes;
}

/** The first path segment of `file` below `dir` ("" for dir itself). */
function relativeTop(dir: string, file: string): string {
  const rest = resolve(file)
    .slice(resolve(dir).length)
    .replace(/^[\\/]+/, "");
  return rest.split(/[\\/]/)[0] ?? "";
}

export function writePluginJson(out: string, json: PluginJson, executable: string): void {
  const updated = { ...json, backend: true, executable };
  writeFileSync(join(out, "plugin.json"), `${JSON.stringify(updated, null, 2)}\n`);
}

export function usage(message: string): ShimError {
  return new ShimError(ErrorCode.InvalidArgument, `package: ${message}`);
}
