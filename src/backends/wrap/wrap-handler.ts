/**
 * Wrap mode: an existing plugin executable behind the shim. Its process is
 * started on first use and kept running by a supervisor; a protocol-1 plugin
 * becomes a legacy-style handler, a protocol-2 plugin a frames-style one, so
 * the shim serves either over protocol 1, protocol 2 and the HTTP gateway.
 * With `record` set, every exchange with the plugin goes to the recorder `startRecorder` gives.
 */
import { basename } from "node:path";
import { startPluginClient } from "../../client/plugin-client.js";
import type { Handler } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { ExchangeRecorder } from "../../model/exchange.js";
import { framesChildHandler } from "./frames-child.js";
import { type ChildDeps, legacyChildHandler } from "./legacy-child.js";
import type { WrapSettings } from "./settings.js";
import { PluginSupervisor } from "./supervisor.js";

/** The shim's own settings must not steer a child (which may be a shim too). */
export function childBaseEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith("GRAFANA_SHIM_") && !key.startsWith("GF_PLUGIN_WRAP_")) out[key] = value;
  }
  return out;
}

/** Where the exchanges of `settings.record` go: given the folder, the plugin's name and a logger. */
export type StartRecorder = (dir: string, peer: string, log: Logger) => Promise<ExchangeRecorder>;

export function createWrapHandler(
  settings: WrapSettings,
  startRecorder: StartRecorder,
  env: NodeJS.ProcessEnv = process.env,
): Handler {
  let supervisor: PluginSupervisor | undefined;
  let recorder: Promise<ExchangeRecorder | undefined> | undefined;
  let log: Logger | undefined;
  const name = `wrap ${basename(settings.plugin)}`;
  const deps: ChildDeps = {
    name,
    supervisor(callLog) {
      log ??= callLog.child("wrap");
      supervisor ??= new PluginSupervisor({
        path: settings.plugin,
        log,
        restartDelayMs: settings.restartDelayMs,
        restartMaxDelayMs: settings.restartMaxDelayMs,
        waitForRestartMs: settings.waitForRestartMs,
        start: () =>
          startPluginClient({
            path: settings.plugin,
            versions: [settings.protocol],
            log: log as Logger,
            env: childBaseEnv(env),
            ...(settings.gfVersion ? { extraEnv: { GF_VERSION: settings.gfVersion } } : {}),
            autoMtls: settings.autoMtls,
            startTimeoutMs: settings.startTimeoutMs,
            shutdownGraceMs: settings.shutdownGraceMs,
            maxReceiveBytes: settings.maxAnswerMiB * 1024 * 1024,
          }),
      });
      return supervisor;
    },
    recorder() {
      const dir = settings.record;
      if (!dir || !log) return Promise.resolve(undefined);
      const recordLog = log;
      recorder ??= startRecorder(dir, basename(settings.plugin), recordLog);
      return recorder;
    },
  };
  return settings.protocol === 1 ? legacyChildHandler(deps) : framesChildHandler(deps);
}
