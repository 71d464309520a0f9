/**
 * The three kinds of replay target, each a real process or server:
 * `--handler` runs the shim (as a plugin for v1/v2 fixtures, as serve-http for
 * HTTP ones), `--plugin` runs an executable (and serve-http wrapping it for
 * HTTP fixtures), `--gateway` posts to a running gateway (HTTP fixtures only).
 */
import { resolve } from "node:path";
import type { Level, Logger } from "../../log/logger.js";
import type { Fixture } from "../fixture/fixture-schema.js";
import {
  type GatewayProcess,
  shimExecutable,
  startGatewayProcess,
  wrappedPluginEnv,
} from "./gateway-process.js";
import { postFixture } from "./http-target.js";
import { PluginProcesses } from "./plugin-target.js";
import type { ReplayTarget } from "./target.js";

export type TargetSpec =
  /** `handler` as the shim's --handler takes it: a built-in name or an absolute module path. */
  | { readonly kind: "handler"; readonly handler: string }
  | { readonly kind: "plugin"; readonly exe: string }
  | { readonly kind: "gateway"; readonly url: string };

export interface TargetOptions {
  readonly log: Logger;
  /** Log level of the processes started. */
  readonly childLogLevel: Level;
  /** Provisioning YAML for serve-http targets. */
  readonly datasources?: string;
  readonly autoMtls: boolean;
  readonly startTimeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
}

export function createTarget(spec: TargetSpec, o: TargetOptions): ReplayTarget {
  if (spec.kind === "gateway") {
    const token = o.env.GRAFANA_SHIM_HTTP_TOKEN;
    return {
      name: spec.url,
      exchange: (f) => postFixture(spec.url, f, token),
      close: async () => undefined,
    };
  }
  const level = { GRAFANA_SHIM_LOG_LEVEL: o.childLogLevel };
  const handler = spec.kind === "handler" ? spec.handler : undefined;
  const exe = spec.kind === "plugin" ? resolve(spec.exe) : shimExecutable;
  const processes = new PluginProcesses({
    exe,
    log: o.log,
    autoMtls: o.autoMtls,
    startTimeoutMs: o.startTimeoutMs,
    extraEnv: handler ? { ...level, GRAFANA_SHIM_HANDLER: handler } : level,
  });
  let gateway: Promise<GatewayProcess> | undefined;
  const startGateway = async (): Promise<GatewayProcess> => {
    const wrap = handler ? {} : await wrappedPluginEnv(exe, undefined, o.log, o.startTimeoutMs);
    const args = [
      "--handler",
      handler ?? "wrap",
      ...(o.datasources ? ["--datasources", resolve(o.datasources)] : []),
    ];
    return startGatewayProcess(args, { ...o.env, ...level, ...wrap }, o.log, o.startTimeoutMs);
  };
  return {
    name: handler ? `handler ${handler}` : `plugin ${exe}`,
    async exchange(fixture: Fixture) {
      if (fixture.protocol === "v1" || fixture.protocol === "v2")
        return processes.exchange(fixture);
      gateway ??= startGateway();
      gateway.catch(() => undefined);
      return postFixture((await gateway).url, fixture);
    },
    async close() {
      await processes.close();
      await gateway?.then((g) => g.stop()).catch(() => undefined);
    },
  };
}
