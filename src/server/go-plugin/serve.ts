/**
 * Plugin mode: the thin part around the pure handshake functions. Binds the
 * listener, prints the handshake line once it accepts, serves until the host
 * asks to shut down (or SIGTERM, or goes away), and cleans up after itself.
 */
import { Server, ServerCredentials, type ServerOptions } from "@grpc/grpc-js";
import type { ShimConfig } from "../../config.js";
import { ErrorCode, ShimError } from "../../errors.js";
import type { Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import { ShimMetrics } from "../../metrics.js";
import { handshakeLine } from "../../protocol/go-plugin/handshake-line.js";
import {
  chooseNetwork,
  type Network,
  portRange,
  socketPath,
} from "../../protocol/go-plugin/listen-address.js";
import { chooseVersion } from "../../protocol/go-plugin/version.js";
import { pluginFolders, pluginIdNear, pluginTraceSettings } from "../../tracing/settings.js";
import { Tracing } from "../../tracing/tracing.js";
import { protocolV1Definition, protocolV1Implementation } from "../protocol-v1/service.js";
import { type HostWatchdog, startHostWatchdog } from "./host-watchdog.js";
import { addGoPluginServices, OpenStreams } from "./services.js";
import { stopGraceMs, stopServing } from "./stop-serving.js";

export const supportedVersions = [1, 2] as const;

export interface PluginServeOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly config: ShimConfig;
  readonly handler: Handler;
  readonly log: Logger;
  /** The real stdout; everything else written to stdout goes to stderr. */
  readonly writeHandshake: (line: string) => void;
  readonly exit: (code: number) => void;
  /** This build's version, for health messages. */
  readonly version: string;
}

/** The grpc-js server options plugin mode serves with. */
export function grpcServerOptions(maxReceiveMiB: number): ServerOptions {
  return {
    "grpc.max_receive_message_length": maxReceiveMiB * 1024 * 1024,
    "grpc.max_send_message_length": -1,
    // Channelz counts and timestamps every call for an admin service the shim does not serve.
    "grpc.enable_channelz": 0,
  };
}

export async function servePlugin(o: PluginServeOptions): Promise<void> {
  const choice = chooseVersion({
    offered: o.env.PLUGIN_PROTOCOL_VERSIONS,
    grafanaVersion: o.env.GF_VERSION,
    override: o.config.protocol,
    supported: supportedVersions,
  });
  const server = new Server(grpcServerOptions(o.config.maxReceiveMiB));
  const streams = new OpenStreams();
  const tracing = new Tracing(
    pluginTraceSettings(o.env, {
      serviceName: () =>
        pluginIdNear(pluginFolders(o.config.file, process.argv[1] ?? "")) ?? "grafana-shim",
      serviceVersion: o.version,
    }),
  );
  let socket: string | undefined;
  let watchdog: HostWatchdog | undefined;
  const stop = stopServing({
    server,
    streams,
    socket: () => socket,
    watchdog: () => watchdog,
    log: o.log,
    // Spans still batched are sent within the grace.
    flush: (ms) => (tracing.exporting ? tracing.shutdown(ms) : Promise.resolve()),
    exit: o.exit,
  });
  addGoPluginServices(server, {
    log: o.log,
    streams,
    onShutdown: () => setImmediate(() => stop("Shutdown")),
  });
  const deps = { ...o.config, handler: o.handler, log: o.log, tracing, version: o.version };
  // Protocol 1 has no CollectMetrics: prom-client is not loaded there.
  const metrics = choice.version === 2 ? new ShimMetrics() : undefined;
  // Only the negotiated protocol: a host calls no other, and protocol 2 loads far more modules.
  if (metrics)
    (await import("../protocol-v2/services.js")).addProtocolV2Services(server, {
      ...deps,
      metrics,
    });
  else server.addService(protocolV1Definition(), protocolV1Implementation(deps));

  const mtls = o.env.PLUGIN_CLIENT_CERT
    ? await (await import("./auto-mtls.js")).autoMtls(o.env.PLUGIN_CLIENT_CERT)
    : undefined;
  const credentials = mtls?.credentials ?? ServerCredentials.createInsecure();
  const network = chooseNetwork(process.platform, o.config.network);
  const address = await bind(server, credentials, network, o.env);
  if (network === "unix") socket = address;

  process.on("SIGINT", () => o.log.debug("ignoring SIGINT: the host stops plugins itself"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  o.writeHandshake(
    handshakeLine({
      appVersion: choice.version,
      network,
      address,
      ...(mtls ? { serverCert: mtls.certBase64 } : {}),
    }),
  );
  // After the handshake line: the host connects while the worker starts.
  watchdog = startHostWatchdog({
    killAfterMs: stopGraceMs + 500,
    pollMs: 500,
    log: o.log,
    onHostGone: (why) => {
      o.log.warn("the host went away: stopping", { why });
      stop("host gone");
    },
  });
  o.log.info("plugin started", {
    protocol: choice.version,
    why: choice.reason,
    offered: o.env.PLUGIN_PROTOCOL_VERSIONS ?? "(none)",
    grafanaVersion: o.env.GF_VERSION ?? "(unknown)",
    network,
    address,
    tls: Boolean(mtls),
    handler: o.handler.name ?? o.config.handler,
    pid: process.pid,
    nodeFlags: process.execArgv.join(" "),
  });
  // The Arrow codec (2 MiB) loads with the first QueryData and prom-client (1 MiB) after the
  // first answer: a plugin nobody queries, as most of those Grafana starts are, holds neither.
  void tracing
    .start(o.log)
    .catch((error: unknown) => o.log.error("could not load a module", { error: String(error) }));
}

async function bind(
  server: Server,
  creds: ServerCredentials,
  network: Network,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (network === "unix") {
    const path = socketPath(env);
    await bindOnce(server, `unix:${path}`, creds).catch((error: Error) => {
      throw new ShimError(
        ErrorCode.Unavailable,
        `cannot listen on unix socket ${path}: ${error.message}`,
      );
    });
    return path;
  }
  const { min, max } = portRange(env);
  for (let port = min; port <= max; port++) {
    const bound = await bindOnce(server, `127.0.0.1:${port}`, creds).then(
      () => true,
      () => false,
    );
    if (bound) return `127.0.0.1:${port}`;
  }
  throw new ShimError(ErrorCode.Unavailable, `no free TCP port in ${min}-${max} on 127.0.0.1`);
}

function bindOnce(server: Server, address: string, creds: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, creds, (error, port) => (error ? reject(error) : resolve(port)));
  });
}
