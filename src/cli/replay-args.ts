/** Options of `grafana-shim replay`, checked up front; a ShimError names what is wrong. */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import { type Level, levels } from "../log/logger.js";
import type { TargetSpec } from "../replay/targets/create-target.js";

export interface ReplayArgs {
  readonly fixtures: readonly string[];
  readonly target: TargetSpec;
  readonly datasources?: string;
  /** Where to write the HTML report. */
  readonly html?: string;
  readonly update: boolean;
  readonly autoMtls: boolean;
  readonly startTimeoutMs: number;
  readonly logLevel: Level;
  readonly help: boolean;
}

export const replayUsage = `Usage: grafana-shim replay <fixture|folder>... (--handler <name|module> | --plugin <executable> | --gateway <url>)
         [--datasources <yaml>] [--html <file>] [--update] [--auto-mtls] [--start-timeout-ms <ms>]
         [--log-level <level>]

Sends every recorded request through its own protocol to the target, started as a real process,
compares the answer with the recorded one, prints a table and, for each mismatch, the first
differing path with both values. Exit 0 when all match, 1 on any mismatch or error, 2 on bad usage.

  --handler <h>        run grafana-shim with this handler (a built-in name or a module path):
                       as a plugin for v1/v2 fixtures, as serve-http for tsdb-http/ds-http ones
  --plugin <exe>       run this plugin executable (serve-http wrapping it for HTTP fixtures)
  --gateway <url>      post tsdb-http/ds-http fixtures to a running gateway (GRAFANA_SHIM_HTTP_TOKEN
                       is sent as a bearer token)
  --datasources <yaml> provisioning for the serve-http started for HTTP fixtures
  --html <file>        also write the report as one self-contained HTML file (nothing external,
                       works offline): the summary table, and per mismatch every differing path,
                       a chart of expected against actual for each series or frame that differs
                       and its table with the differing cells marked
  --update             rewrite the expected response of mismatching fixtures (refused when CI is set)
  --auto-mtls          ask plugins for AutoMTLS, as go-plugin hosts with AutoMTLS do
  --start-timeout-ms   how long a target may take to start [20000]
  --log-level          level of the logs (and the targets' logs) on stderr [warn]
`;

export function readReplayArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ReplayArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (thrown) {
    throw new ShimError(ErrorCode.InvalidArgument, messageOf(thrown));
  }
  const { values: v, positionals } = parsed;
  const help = v.help === true;
  const targets = [
    v.handler === undefined ? undefined : ({ kind: "handler", handler: v.handler } as const),
    v.plugin === undefined ? undefined : ({ kind: "plugin", exe: v.plugin } as const),
    v.gateway === undefined ? undefined : ({ kind: "gateway", url: v.gateway } as const),
  ].filter((t) => t !== undefined);
  const target = targets[0];
  if (!help) check(positionals, targets.length, v, env);
  return {
    fixtures: positionals,
    target: target ?? { kind: "handler", handler: "demo" },
    ...(v.datasources ? { datasources: v.datasources } : {}),
    ...(v.html ? { html: v.html } : {}),
    update: v.update === true,
    autoMtls: v["auto-mtls"] === true,
    startTimeoutMs: Number(v["start-timeout-ms"] ?? 20_000),
    logLevel: (v["log-level"] ?? "warn") as Level,
    help,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      handler: { type: "string" },
      plugin: { type: "string" },
      gateway: { type: "string" },
      datasources: { type: "string" },
      html: { type: "string" },
      update: { type: "boolean" },
      "auto-mtls": { type: "boolean" },
      "start-timeout-ms": { type: "string" },
      "log-level": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function check(
  fixtures: readonly string[],
  targetCount: number,
  v: ReturnType<typeof parse>["values"],
  env: NodeJS.ProcessEnv,
): void {
  const fail = (message: string) => {
    throw new ShimError(ErrorCode.InvalidArgument, message);
  };
  if (fixtures.length === 0) fail("name at least one fixture file or folder");
  for (const path of fixtures) if (!existsSync(path)) fail(`${path} does not exist`);
  if (targetCount !== 1) fail("choose exactly one target: --handler, --plugin or --gateway");
  if (v.gateway !== undefined && !/^https?:\/\//.test(v.gateway))
    fail(`--gateway ${v.gateway} is not an http(s) URL`);
  const timeout = Number(v["start-timeout-ms"] ?? 20_000);
  if (!Number.isInteger(timeout) || timeout < 100)
    fail("--start-timeout-ms must be a whole number of at least 100");
  if (v["log-level"] !== undefined && !(levels as readonly string[]).includes(v["log-level"])) {
    fail(`--log-level must be one of ${levels.join(", ")}`);
  }
  if (v.datasources !== undefined && !existsSync(v.datasources))
    fail(`${v.datasources} does not exist`);
  if (v.html !== undefined && (v.html === "" || v.html.endsWith("/")))
    fail("--html needs a file name, such as --html replay-report.html");
  // Expectations change only by hand: a CI run must never rewrite them.
  if (v.update === true && ciIsSet(env))
    fail("--update is refused when CI is set: expectations are only rewritten by hand");
}

function ciIsSet(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}
