/**
 * A go-plugin client in TypeScript: starts a backend plugin executable as
 * Grafana does, then calls it over protocol 1 (models.DatasourcePlugin) or
 * protocol 2 (pluginv2), in the shim's own models. Wire conversion happens in
 * the protocol folders; this class only moves the converted messages.
 */
import { basename } from "node:path";
import type { Client } from "@grpc/grpc-js";
import { ErrorCode, ShimError } from "../errors.js";
import type { HealthResult } from "../handler/types.js";
import type { Logger } from "../log/logger.js";
import type { DataRequest, DataResponse, PluginContext } from "../model/data.js";
import type { CallOutcome } from "../model/exchange.js";
import type { LegacyRequest, LegacyResult } from "../model/legacy.js";
import type { Handshake } from "../protocol/go-plugin/handshake-line.js";
import type { PortRange } from "../protocol/go-plugin/listen-address.js";
import { legacyRequestToProto } from "../protocol/v1/convert-request-out.js";
import { legacyResponseFromProto } from "../protocol/v1/convert-result-in.js";
import {
  checkHealthRequestToProto,
  dataRequestToProto,
} from "../protocol/v2/convert-request-out.js";
import {
  frameDecodersReady,
  healthFromProto,
  queryDataResponseFromProto,
} from "../protocol/v2/convert-response-in.js";
import { methods, unaryCall } from "./calls.js";
import type { ClientCertificate } from "./client-cert.js";
import { connectPlugin } from "./connect.js";
import { defaultPorts, pluginEnvironment } from "./environment.js";
import { type ExitInfo, launchPlugin } from "./launch.js";
import { hasExited, killOnExit, stopPlugin } from "./stop.js";

export interface PluginClientOptions {
  readonly path: string;
  /** App versions to offer (PLUGIN_PROTOCOL_VERSIONS). */
  readonly versions: readonly number[];
  /** The plugin's stderr is re-logged under `<log>.<executable name>`. */
  readonly log: Logger;
  /** What the child inherits; process.env when absent. */
  readonly env?: NodeJS.ProcessEnv;
  /** Added to the inherited environment, e.g. GF_VERSION as Grafana 7+ sets it. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly ports?: PortRange;
  /** Ask for AutoMTLS (PLUGIN_CLIENT_CERT), as go-plugin hosts with AutoMTLS do. */
  readonly autoMtls?: boolean;
  readonly unixSocketDir?: string;
  /** Handshake and connection must be done by then (go-plugin's default: 1 minute). */
  readonly startTimeoutMs?: number;
  /** How long a plugin may take to exit after Shutdown before it is killed. */
  readonly shutdownGraceMs?: number;
  /** Largest message taken from the plugin; larger answers fail with RESOURCE_EXHAUSTED. */
  readonly maxReceiveBytes?: number;
}

export type { CallOutcome, ExitInfo };

/** Starts the executable and connects; a ShimError says why it could not. */
export async function startPluginClient(o: PluginClientOptions): Promise<PluginClient> {
  const started = Date.now();
  const startTimeoutMs = o.startTimeoutMs ?? 60_000;
  const tls = o.autoMtls
    ? await (await import("./client-cert.js")).makeClientCertificate()
    : undefined;
  const env = pluginEnvironment({
    base: o.env ?? process.env,
    versions: o.versions,
    ports: o.ports ?? defaultPorts,
    ...(tls ? { clientCertPem: tls.certPem } : {}),
    ...(o.unixSocketDir ? { unixSocketDir: o.unixSocketDir } : {}),
    ...(o.extraEnv ? { extra: o.extraEnv } : {}),
  });
  const log = o.log.child(basename(o.path));
  const launched = await launchPlugin({
    path: o.path,
    env,
    offered: o.versions,
    startTimeoutMs,
    log,
  });
  killOnExit(launched.child);
  let client: Client;
  try {
    client = await connectPlugin(
      launched.handshake,
      tls as ClientCertificate | undefined,
      started + startTimeoutMs,
      o.maxReceiveBytes,
    );
  } catch (thrown) {
    launched.child.kill("SIGKILL");
    throw thrown;
  }
  return new PluginClient(o, launched, client, log);
}

export class PluginClient {
  readonly path: string;
  readonly pid: number;
  readonly handshake: Handshake;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<ExitInfo>;
  readonly #launched: Awaited<ReturnType<typeof launchPlugin>>;
  readonly #client: Client;
  readonly #log: Logger;
  readonly #graceMs: number;
  #stopping: Promise<{ graceful: boolean }> | undefined;

  constructor(
    o: PluginClientOptions,
    launched: Awaited<ReturnType<typeof launchPlugin>>,
    client: Client,
    log: Logger,
  ) {
    this.path = o.path;
    this.pid = launched.pid;
    this.handshake = launched.handshake;
    this.exited = launched.exited;
    this.#launched = launched;
    this.#client = client;
    this.#log = log;
    this.#graceMs = o.shutdownGraceMs ?? 2000;
  }

  /** The app protocol version the plugin chose. */
  get version(): number {
    return this.handshake.appVersion;
  }

  get running(): boolean {
    return !hasExited(this.#launched.child);
  }

  /** The last lines the plugin wrote to stderr. */
  stderrTail(): string {
    return this.#launched.stderrTail.text();
  }

  /** Protocol 1 `Query`: one result per query, as the plugin answered. */
  async queryLegacy(
    request: LegacyRequest,
    signal?: AbortSignal,
  ): Promise<CallOutcome<LegacyResult[]>> {
    this.#expect(1);
    const outcome = await unaryCall(
      this.#client,
      methods.legacyQuery,
      legacyRequestToProto(request),
      signal,
    );
    if (!outcome.ok) return outcome;
    const warn = (message: string, refId: string) => this.#log.warn(message, { refId });
    return { ok: true, value: legacyResponseFromProto(outcome.value as never, warn) };
  }

  /** Protocol 2 `QueryData`: responses by refId, frames decoded. */
  async queryData(
    request: DataRequest,
    signal?: AbortSignal,
  ): Promise<CallOutcome<Map<string, DataResponse>>> {
    this.#expect(2);
    await frameDecodersReady();
    const outcome = await unaryCall(
      this.#client,
      methods.queryData,
      dataRequestToProto(request),
      signal,
    );
    if (!outcome.ok) return outcome;
    return { ok: true, value: queryDataResponseFromProto(outcome.value as never) };
  }

  /** Protocol 2 `CheckHealth`. */
  async checkHealth(
    pluginContext: PluginContext,
    headers: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<CallOutcome<HealthResult>> {
    this.#expect(2);
    const wire = checkHealthRequestToProto(pluginContext, headers);
    const outcome = await unaryCall(this.#client, methods.checkHealth, wire, signal);
    return outcome.ok ? { ok: true, value: healthFromProto(outcome.value as never) } : outcome;
  }

  /** go-plugin's Ping: the health service's answer for "plugin". */
  async ping(timeoutMs = 2000): Promise<CallOutcome<unknown>> {
    return unaryCall(this.#client, methods.health, { service: "plugin" }, undefined, timeoutMs);
  }

  /** Shutdown, then SIGKILL after the grace period; safe to call more than once. */
  stop(): Promise<{ graceful: boolean }> {
    this.#stopping ??= stopPlugin({
      child: this.#launched.child,
      client: this.#client,
      handshake: this.handshake,
      exited: this.exited,
      graceMs: this.#graceMs,
    });
    return this.#stopping;
  }

  #expect(version: number): void {
    if (this.version !== version) {
      throw new ShimError(
        ErrorCode.Unimplemented,
        `plugin ${this.path} speaks protocol ${this.version}, not ${version}`,
      );
    }
  }
}
