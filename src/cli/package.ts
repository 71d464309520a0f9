/**
 * `grafana-shim package`: an old backend plugin's folder made to run the shim on every Grafana
 * (see package-args.ts for what is written, and docs/simple-json.md for installing it).
 */
import { chmodSync, copyFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, ShimError, toShimError } from "../errors.js";
import { packageHelp, readPackageArgs } from "./package-args.js";
import { packagedBundles } from "./package-bundle.js";
import { writeFrontend } from "./package-frontend.js";
import {
  launcherName,
  launcherTargets,
  nodeInstallLines,
  posixLauncherFile,
} from "./package-launchers.js";
import { preparePluginDir, readPluginJson, usage, writePluginJson } from "./package-plugin-dir.js";
import { writePackagedSettings } from "./package-settings.js";
import { writeStandalone } from "./package-standalone.js";
import { runtimeCacheDir, runtimeVersion, standaloneTargets } from "./standalone-runtime.js";

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function runPackage(argv: readonly string[]): Promise<number> {
  try {
    const args = readPackageArgs(argv);
    if (args.help) {
      process.stdout.write(packageHelp);
      return 0;
    }
    const old =
      args.pluginDir === undefined ? readPluginJson(args.out) : readPluginJson(args.pluginDir);
    if (args.pluginDir !== undefined && old === undefined)
      throw usage(`${args.pluginDir} has no plugin.json`);
    const executable =
      args.executable ?? (typeof old?.executable === "string" ? old.executable : undefined);
    if (executable === undefined)
      throw usage("plugin.json names no executable: give --executable <name>");
    const missing = Object.values(packagedBundles).filter((file) => !existsSync(file));
    if (missing.length > 0)
      throw new ShimError(
        ErrorCode.Internal,
        `package: ${missing.join(", ")} missing (npm run build writes them)`,
      );
    const lines = preparePluginDir(args.pluginDir, args.out, executable);
    const frontend = writeFrontend(args, old);
    lines.push(...frontend.notes);
    if (frontend.pluginJson) writePluginJson(args.out, frontend.pluginJson, executable);
    else lines.push("no plugin.json: add the old plugin's plugin.json and img/ to this folder");
    lines.push(
      ...writePackagedSettings(args.out, args.pluginDir !== undefined && old !== undefined),
    );

    const standalone = standaloneTargets.filter(
      (t) => args.targets.includes(t.target) && !(args.musl && t.target.startsWith("linux")),
    );
    for (const target of standalone) {
      const name = launcherName(executable, target.target);
      const written = await writeStandalone(target, join(args.out, name));
      const cache = written.codeCache ? ", with V8 code cache" : "";
      lines.push(`${name}: ${mib(written.bytes)}, standalone (Node.js ${runtimeVersion}${cache})`);
    }
    if (standalone.length > 0) lines.push(`runtimes kept in ${runtimeCacheDir()}`);

    const launchers = [...(args.musl ? ["linux_amd64", "linux_arm64"] : []), ...launcherTargets]
      .filter((target) => args.targets.includes(target))
      .map((target) => launcherName(executable, target));
    if (launchers.length > 0) {
      copyFileSync(packagedBundles.script, join(args.out, "grafana-shim.js"));
      for (const name of launchers) {
        copyFileSync(posixLauncherFile, join(args.out, name));
        chmodSync(join(args.out, name), 0o755);
      }
      lines.push(
        `${launchers.join(", ")}: launchers that run a system Node.js 20+ on grafana-shim.js (${mib(statSync(join(args.out, "grafana-shim.js")).size)}); no runtime can be embedded there, so Grafana's PATH needs node (${nodeInstallLines.join("; ")}) or GRAFANA_SHIM_NODE`,
      );
    }
    if (!args.musl)
      lines.push("on musl libc (Alpine, Grafana's Alpine image) package with --musl instead");
    const id = typeof old?.id === "string" ? old.id : "<plugin id>";
    lines.push(
      `Grafana 7+ loads it as an unsigned plugin: [plugins] allow_loading_unsigned_plugins = ${id}`,
    );
    process.stdout.write(
      `grafana-shim package: wrote ${args.out}\n${lines.map((l) => `  ${l}\n`).join("")}`,
    );
    return 0;
  } catch (thrown) {
    const error = toShimError(thrown);
    process.stderr.write(`grafana-shim ${error.message}\nSee 'grafana-shim package --help'.\n`);
    return error.code === "invalid_argument" ? 2 : 1;
  }
}
