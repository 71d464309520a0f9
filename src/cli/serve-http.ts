/**
 * `grafana-shim serve-http`: the HTTP gateway on a local port, answering
 * /api/tsdb/query and /api/ds/query from one handler (the built-in demo unless
 * told otherwise), until Ctrl-C or SIGTERM.
 */
import { readFileSync } from "node:fs";
import { executablePaths, loadConfig } from "../config.js";
import { defaultDatasource } from "../datasources/datasource.js";
import { loadProvisioning } from "../datasources/provisioning.js";
import { DatasourceRegistry } from "../datasources/registry.js";
import { toShimError } from "../errors.js";
import { loadHandler } from "../handler/load.js";
import { createLogger, type Logger, parseLevel } from "../log/logger.js";
import { ShimMetrics } from "../metrics.js";
import { pendingWorkDone } from "../pending-work.js";
import type { GatewayContext } from "../server/http/context.js";
import { startGateway } from "../server/http/gateway.js";
import type { GatewayOptions } from "../server/http/options.js";
import { gatewayTraceSettings } from "../tracing/settings.js";
import { Tracing } from "../tracing/tracing.js";
import { version } from "../version.js";
import { builtins } from "./builtins.js";
import { keepServing } from "./keep-serving.js";
import { banner } from "./serve-http-banner.js";
import { batchedStderr } from "./serve-http-log.js";
import {
  readServeHttpArgs,
  type ServeHttpArgs,
  serveHttpHelpText,
  wantsHelp,
} from "./serve-http-options.js";

/** Resolves to an exit code when the gateway could not start; otherwise it runs until a signal. */
export async function runServeHttp(argv: readonly string[]): Promise<number | undefined> {
  if (wantsHelp(argv)) {
    process.stdout.write(serveHttpHelpText());
    return 0;
  }
  let log = createLogger({
    level: parseLevel(process.env.GRAFANA_SHIM_LOG_LEVEL),
    module: "grafana-shim",
  });
  let ctx: GatewayContext;
  let args: ServeHttpArgs;
  try {
    args = readServeHttpArgs(argv, process.env);
    const config = loadConfig(
      { ...process.env, ...(args.handler && { GRAFANA_SHIM_HANDLER: args.handler }) },
      executablePaths(),
      "demo",
    );
    log = createLogger({
      level: parseLevel(args.logLevel ?? config.logLevel),
      module: "grafana-shim",
      write: batchedStderr(),
    });
    const handler = await loadHandler(config.handler, config.baseDir, builtins);
    const datasources = args.datasources
      ? loadProvisioning(args.datasources, process.env)
      : [defaultDatasource(handler.name ?? config.handler)];
    ctx = {
      handler,
      datasources: new DatasourceRegistry(datasources),
      options: gatewayOptions(args, config),
      log: log.child("http"),
      metrics: new ShimMetrics(),
      tracing: new Tracing(
        gatewayTraceSettings(
          {
            ...(args.otlpEndpoint ? { endpoint: args.otlpEndpoint } : {}),
            ...(args.otlpProtocol ? { protocol: args.otlpProtocol } : {}),
          },
          process.env,
          version(),
        ),
      ),
      now: Date.now,
    };
  } catch (thrown) {
    process.stderr.write(
      `grafana-shim serve-http: ${toShimError(thrown).message}\nSee 'grafana-shim serve-http --help'.\n`,
    );
    return 2;
  }
  keepServing(log);
  let close = async (_graceMs: number) => {};
  // Listening for signals before the first line that tells the world the gateway is up.
  stopOnSignals(log, (graceMs) => close(graceMs));
  const gateway = await startGateway(ctx);
  close = (graceMs) => gateway.close(graceMs).then(() => ctx.tracing.shutdown());
  // prom-client and OpenTelemetry load once the gateway listens, not on its way there.
  void ctx.metrics.start();
  void ctx.tracing.start(ctx.log);
  const served = ctx.datasources.all.map((d) => ({
    uid: d.uid,
    id: d.id,
    name: d.name,
    type: d.type,
  }));
  log.info("serving", { url: gateway.url, handler: ctx.handler.name ?? "", datasources: served });
  if (!args.quiet) process.stdout.write(banner(gateway.url, ctx, args));
  return undefined;
}

function gatewayOptions(
  args: ServeHttpArgs,
  config: { timeoutMs: number; concurrency: number; answerBudgetMiB: number },
): GatewayOptions {
  const token = args.tokenFile ? readFileSync(args.tokenFile, "utf8").trim() : args.token;
  return {
    host: args.host,
    port: args.port,
    ...(token ? { token } : {}),
    bodyLimitBytes: args.bodyLimit ?? 16 * 1024 * 1024,
    maxQueries: args.maxQueries,
    maxJsonDepth: args.maxJsonDepth,
    requestTimeoutMs: args.requestTimeoutMs,
    queryTimeoutMs: args.queryTimeoutMs ?? config.timeoutMs,
    concurrency: args.concurrency ?? config.concurrency,
    answerBudgetBytes: (args.answerBudgetMiB ?? config.answerBudgetMiB) * 1024 * 1024,
    multiStatus: args.multiStatus,
    tsdbDataframes: args.tsdbDataframes,
    accessLog: args.accessLog,
  };
}

/** How long running requests, then the fixture writes they leave, may take once a stop began. */
const stopGraceMs = 5000;

/** First signal: finish running requests and pending writes (within the grace), exit 0; a second one exits at once. */
function stopOnSignals(log: Logger, close: (graceMs: number) => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === "SIGINT" ? 130 : 143);
    stopping = true;
    log.info("shutting down", { signal });
    const deadline = Date.now() + stopGraceMs;
    close(stopGraceMs)
      .then(() => pendingWorkDone(Math.max(0, deadline - Date.now())))
      .then(
        (written) => {
          if (!written)
            log.warn(`exiting with writes unfinished after the ${stopGraceMs} ms grace`);
          process.exit(0);
        },
        () => process.exit(1),
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
