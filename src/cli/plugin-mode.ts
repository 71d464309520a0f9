/** Started by Grafana (or any go-plugin host): load settings and handler, then serve. */
import { format } from "node:util";
import { setLogger } from "@grpc/grpc-js";
import { defaults, loadConfig, type ShimConfig } from "../config.js";
import { toShimError } from "../errors.js";
import { brokenHandler, loadHandler } from "../handler/load.js";
import type { Handler } from "../handler/types.js";
import { createLogger, type Logger, parseLevel } from "../log/logger.js";
import { servePlugin } from "../server/go-plugin/serve.js";
import { version } from "../version.js";
import { builtins } from "./builtins.js";
import { keepServing } from "./keep-serving.js";

export async function runPlugin(): Promise<void> {
  // stdout is the handshake's alone: anything else printed there (by a handler too) goes to stderr.
  const writeHandshake = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

  const earlyLevel = parseLevel(process.env.GRAFANA_SHIM_LOG_LEVEL);
  let log = createLogger({ level: earlyLevel, module: "grafana-shim" });
  const { config, handler } = await setUp(log);
  log = createLogger({ level: config.logLevel, module: "grafana-shim" });
  routeLogs(log);
  try {
    await servePlugin({
      env: process.env,
      config,
      handler,
      log,
      writeHandshake: (line) => writeHandshake(line),
      exit: (code) => process.exit(code),
      version: version(),
    });
  } catch (thrown) {
    log.error(toShimError(thrown).message);
    process.exit(1);
  }
}

async function setUp(log: Logger): Promise<{ config: ShimConfig; handler: Handler }> {
  let config: ShimConfig;
  try {
    config = loadConfig(process.env);
  } catch (thrown) {
    const reason = toShimError(thrown).message;
    log.error(reason);
    return { config: { ...defaults, baseDir: process.cwd() }, handler: brokenHandler(reason) };
  }
  try {
    return { config, handler: await loadHandler(config.handler, config.baseDir, builtins) };
  } catch (thrown) {
    const reason = toShimError(thrown).message;
    log.error(reason);
    return { config, handler: brokenHandler(reason) };
  }
}

/** Every line on stderr as hclog, and no stray handler error takes the plugin (and the panels) down. */
function routeLogs(log: Logger): void {
  // grpc-js writes its own errors with console.error ("E No address added…"): raw lines on stderr.
  const grpcLog = log.child("grpc");
  setLogger({
    error: (...args: unknown[]) => grpcLog.warn(format(...args)),
    info: (...args: unknown[]) => grpcLog.info(format(...args)),
    debug: (...args: unknown[]) => grpcLog.debug(format(...args)),
  });
  // Node's own warnings would reach the host as raw text lines.
  process.removeAllListeners("warning");
  process.on("warning", (warning) => log.warn(warning.message, { warning: warning.name }));
  keepServing(log);
}
