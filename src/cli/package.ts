/**
 * `grafana-shim package`: an old backend plugin's folder made to run the shim on every Grafana
 * (see package-args.ts for what is written, and docs/simple-json.md for installing it).
 */
import { chmodSync, copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toShimError } from "../errors.js";
import { packageHelp, readPackageArgs } from "./package-args.js";
import { writeBundle } from "./package-bundle.js";
import { writeFrontend } from "./package-frontend.js";
import { launcherName, posixLauncher, posixTargets, windowsTarget } from "./package-launchers.js";
import { preparePluginDir, readPluginJson, usage, writePluginJson } from "./package-plugin-dir.js";
import { writePackagedSettings } from "./package-settings.js";
import { buildGoLauncher } from "./package-windows.js";

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
    const lines = preparePluginDir(args.pluginDir, args.out, executable);
    const frontend = writeFrontend(args, old);
    lines.push(...frontend.notes);
    if (frontend.pluginJson) writePluginJson(args.out, frontend.pluginJson, executable);
    else lines.push("no plugin.json: add the old plugin's plugin.json and img/ to this folder");
    const bytes = await writeBundle(join(args.out, "grafana-shim.js"));
    lines.push(`grafana-shim.js: ${(bytes / 1024 / 1024).toFixed(1)} MiB, every dependency inside`);
    lines.push(
      ...writePackagedSettings(args.out, args.pluginDir !== undefined && old !== undefined),
    );
    for (const target of posixTargets) {
      const file = join(args.out, launcherName(executable, target));
      writeFileSync(file, posixLauncher);
      chmodSync(file, 0o755);
    }
    lines.push(`launchers: ${posixTargets.map((t) => launcherName(executable, t)).join(", ")}`);
    lines.push(await windowsLauncher(args.out, executable, args.windowsLauncher));
    const id = typeof old?.id === "string" ? old.id : "<plugin id>";
    lines.push(
      "the target machine needs Node.js 20+ on PATH (or GRAFANA_SHIM_NODE)",
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

async function windowsLauncher(
  out: string,
  executable: string,
  prebuilt: string | undefined,
): Promise<string> {
  const file = join(out, launcherName(executable, windowsTarget));
  if (prebuilt !== undefined) {
    copyFileSync(prebuilt, file);
    return `${launcherName(executable, windowsTarget)}: copied from ${prebuilt}`;
  }
  try {
    await buildGoLauncher(file, "windows", "amd64");
    return `${launcherName(executable, windowsTarget)}: built with Go`;
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message.split("\n")[0] : String(thrown);
    return `no Windows launcher: building it needs Go on PATH (${reason}); or pass --windows-launcher <file>`;
  }
}
