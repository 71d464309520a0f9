/**
 * Which frontend `grafana-shim package` writes: the React one built from src/frontend/ (Grafana
 * 9 and later; the old Angular one cannot work there) or the old plugin's own (Grafana 6-8).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ErrorCode, ShimError } from "../errors.js";
import { isPlainObject } from "../json-object.js";
import { frontendModule } from "./frontend-bundle.js";
import type { PackageArgs } from "./package-args.js";
import { type PluginJson, readPluginJson } from "./package-plugin-dir.js";

export type FrontendKind = "react" | "legacy";

/** The oldest Grafana the React frontend is tested on (its packages run in the browser tests). */
export const reactFrontendSince = [9, 0, 0] as const;
export const grafanaDependency = `>=${reactFrontendSince.join(".")}`;

/** The frontend for a Grafana version such as `8.5.2`, `10` or `v11.3`; undefined if unreadable. */
export function frontendForGrafana(version: string): FrontendKind | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(version.trim());
  if (!match) return undefined;
  const given = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    const min = reactFrontendSince[i] ?? 0;
    if ((given[i] ?? 0) !== min) return (given[i] ?? 0) > min ? "react" : "legacy";
  }
  return "react";
}

export interface WrittenFrontend {
  /** Lines for the report. */
  readonly notes: string[];
  /** The plugin.json to write: the old one, made the React frontend's when that was chosen. */
  readonly pluginJson: PluginJson | undefined;
}

/** The chosen frontend written into the plugin folder. */
export function writeFrontend(args: PackageArgs, old: PluginJson | undefined): WrittenFrontend {
  const aside = join(args.out, replacedDir);
  if (args.frontend === "legacy") {
    const notes = restoreLegacyFrontend(args.out);
    const original = readPluginJson(aside);
    if (original) {
      rmSync(join(aside, "plugin.json"));
      notes.push(`restored the old plugin.json from ${replacedDir}/`);
    }
    return { notes, pluginJson: original ?? old };
  }
  const inPlace = args.pluginDir === undefined || resolve(args.pluginDir) === resolve(args.out);
  const notes = writeReactFrontend(args.out, inPlace);
  // In place the old plugin.json is rewritten: a copy lets --frontend legacy bring it back.
  if (inPlace && old && !existsSync(join(aside, "plugin.json"))) {
    mkdirSync(aside, { recursive: true });
    copyFileSync(join(args.out, "plugin.json"), join(aside, "plugin.json"));
  }
  return { notes, pluginJson: old && reactPluginJson(old) };
}

/** The old plugin.json made the React frontend's: same id, name and logos. */
export function reactPluginJson(old: PluginJson): PluginJson {
  const { partials: _angularPartials, ...kept } = old;
  const dependencies = isPlainObject(old.dependencies) ? old.dependencies : {};
  const { grafanaVersion: _old, ...otherDependencies } = dependencies;
  return {
    ...kept,
    metrics: true,
    annotations: true,
    alerting: true,
    dependencies: { ...otherDependencies, grafanaDependency },
  };
}

const replacedDir = ".grafana-shim-replaced";
const frontendFiles = ["module.js", "module.js.map"];

/**
 * Writes the React module.js into `out`. In place, the old module.js (and its map) move to
 * .grafana-shim-replaced/ where `--frontend legacy` finds them again.
 */
function writeReactFrontend(out: string, inPlace: boolean): string[] {
  if (!existsSync(frontendModule)) {
    throw new ShimError(
      ErrorCode.Internal,
      `package: ${frontendModule} is missing: run npm run build in the grafana-shim package`,
    );
  }
  const notes: string[] = [];
  const aside = join(out, replacedDir);
  for (const name of frontendFiles) {
    const file = join(out, name);
    if (!existsSync(file)) continue;
    if (inPlace && !existsSync(join(aside, name))) {
      mkdirSync(aside, { recursive: true });
      renameSync(file, join(aside, name));
      notes.push(`moved the old ${name} to ${replacedDir}/`);
    } else rmSync(file);
  }
  copyFileSync(frontendModule, join(out, "module.js"));
  notes.push(`module.js: the React frontend, for Grafana ${grafanaDependency}`);
  return notes;
}

/** In place, a module.js set aside by an earlier React packaging comes back. */
function restoreLegacyFrontend(out: string): string[] {
  const aside = join(out, replacedDir);
  const notes: string[] = [];
  for (const name of frontendFiles) {
    if (!existsSync(join(aside, name))) continue;
    renameSync(join(aside, name), join(out, name));
    notes.push(`restored the old ${name} from ${replacedDir}/`);
  }
  notes.push(
    existsSync(join(out, "module.js"))
      ? "module.js: the old plugin's own frontend, for Grafana 6-8"
      : "no module.js: add the old plugin's frontend (--frontend legacy keeps it)",
  );
  return notes;
}
