/** The `grafana-shim` executable: plugin mode when started by a go-plugin host, else subcommands. */
import { messageOf } from "../errors.js";
import { hasMagicCookie, notAPluginLines } from "../protocol/go-plugin/cookie.js";
import { version } from "../version.js";

const [command, ...rest] = process.argv.slice(2);
const help = (args: readonly string[]) => args.includes("--help") || args.includes("-h");

async function main(): Promise<number | undefined> {
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write((await import("./help.js")).helpText());
    return 0;
  }
  if (command === "plugin" && help(rest)) {
    process.stdout.write((await import("./help.js")).pluginHelpText());
    return 0;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`grafana-shim ${version()}\n`);
    return 0;
  }
  if (command === "convert") {
    const { runConvert } = await import("./convert.js");
    return runConvert(rest);
  }
  if (command === "record") {
    const { runRecord } = await import("./record.js");
    return runRecord(rest);
  }
  if (command === "replay") {
    const { runReplay } = await import("./replay.js");
    return runReplay(rest);
  }
  if (command === "package") return (await import("./package.js")).runPackage(rest);
  if (command === "serve-http") {
    const { runServeHttp } = await import("./serve-http.js");
    return runServeHttp(rest);
  }
  if (command === undefined || command === "plugin") {
    if (!hasMagicCookie(process.env)) {
      process.stderr.write(`${notAPluginLines.join("\n")}\n`);
      process.stderr.write(
        "grafana-shim: Grafana starts this as a backend plugin; to try it by hand see 'grafana-shim --help'\n",
      );
      return 1;
    }
    const { runPlugin } = await import("./plugin-mode.js");
    await runPlugin();
    return undefined;
  }
  process.stderr.write(
    `grafana-shim: unknown command "${command}" ${rest.length ? `(${rest.join(" ")})` : ""}\nSee 'grafana-shim --help'.\n`,
  );
  return 2;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`grafana-shim: ${messageOf(error)}\n`);
    process.exitCode = 1;
  },
);
