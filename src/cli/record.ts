/**
 * `grafana-shim record`: as a plugin (wrap mode with recording on, started by a
 * go-plugin host), or as a recording HTTP gateway in front of an upstream.
 */
import { resolve } from "node:path";
import { toShimError } from "../errors.js";
import { createLogger, type Logger, parseLevel } from "../log/logger.js";
import { hasMagicCookie } from "../protocol/go-plugin/cookie.js";
import { startRecordingGateway } from "../replay/record-gateway.js";
import { createFixtureRecorder } from "../replay/record-sink.js";
import { startGatewayProcess, wrappedPluginEnv } from "../replay/targets/gateway-process.js";
import { handlerForChild } from "./builtins.js";
import { type RecordArgs, readRecordArgs, recordUsage } from "./record-args.js";

export async function runRecord(argv: readonly string[]): Promise<number | undefined> {
  let args: RecordArgs;
  try {
    args = readRecordArgs(argv);
  } catch (thrown) {
    process.stderr.write(`grafana-shim record: ${toShimError(thrown).message}\n\n${recordUsage}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(recordUsage);
    return 0;
  }
  return args.mode === "plugin" ? recordPlugin(args) : recordHttp(args);
}

async function recordPlugin(args: RecordArgs): Promise<number | undefined> {
  if (!hasMagicCookie(process.env)) {
    process.stderr.write(
      "grafana-shim record --plugin runs as a plugin: a go-plugin host (Grafana) must start it.\n" +
        `Point the plugin's executable at a launcher script:\n  #!/bin/sh\n  exec grafana-shim record --plugin ${args.plugin} --out ${resolve(args.out)}\n`,
    );
    return 2;
  }
  // Plugin mode reads its settings from the environment: wrap mode, recording on.
  process.env.GRAFANA_SHIM_HANDLER = "wrap";
  process.env.GRAFANA_SHIM_WRAP_PLUGIN = resolve(args.plugin ?? "");
  process.env.GRAFANA_SHIM_WRAP_RECORD = resolve(args.out);
  if (args.protocol) process.env.GRAFANA_SHIM_WRAP_PROTOCOL = String(args.protocol);
  const { runPlugin } = await import("./plugin-mode.js");
  await runPlugin();
  return undefined;
}

async function upstreamOf(
  args: RecordArgs,
  log: Logger,
): Promise<{ url: string; stop: () => Promise<void> }> {
  if (args.upstream) return { url: args.upstream, stop: async () => undefined };
  const wrap = args.plugin
    ? await wrappedPluginEnv(resolve(args.plugin), args.protocol, log, 20_000)
    : {};
  const handler = args.handler ? handlerForChild(args.handler) : "wrap";
  const datasources = args.datasources ? ["--datasources", resolve(args.datasources)] : [];
  return startGatewayProcess(
    ["--handler", handler, ...datasources],
    { ...process.env, ...wrap },
    log,
  );
}

async function recordHttp(args: RecordArgs): Promise<number | undefined> {
  const log = createLogger({
    level: parseLevel(process.env.GRAFANA_SHIM_LOG_LEVEL),
    module: "grafana-shim.record",
  });
  // Installed first: a signal while starting must still stop what was started.
  const closers: (() => Promise<void>)[] = [];
  const stop = () => {
    void (async () => {
      // Last started, first stopped: the gateway's running requests still need their upstream.
      for (const close of [...closers].reverse()) await close().catch(() => undefined);
    })().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let upstream: Awaited<ReturnType<typeof upstreamOf>>;
  try {
    upstream = await upstreamOf(args, log);
  } catch (thrown) {
    process.stderr.write(`grafana-shim record: ${toShimError(thrown).message}\n`);
    return 1;
  }
  closers.push(upstream.stop);
  const peer =
    args.peer ??
    args.upstream ??
    `grafana-shim serve-http ${args.handler ? `--handler ${args.handler}` : `wrapping ${args.plugin}`}`;
  const recorder = createFixtureRecorder({
    dir: resolve(args.out),
    peer,
    via: "grafana-shim record --http",
    ...(args.note ? { comment: args.note } : {}),
    volatile: args.volatile,
    log,
  });
  const gateway = await startRecordingGateway({
    upstream: upstream.url,
    host: args.host,
    port: args.port,
    recorder,
    log,
  });
  log.info("serving", { url: gateway.url, upstream: upstream.url, out: resolve(args.out) });
  process.stdout.write(
    `recording gateway on ${gateway.url} (upstream ${upstream.url}); fixtures go to ${resolve(args.out)}\n`,
  );
  closers.push(gateway.close);
  return undefined;
}
