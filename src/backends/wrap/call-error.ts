/**
 * A failed call to the wrapped plugin as a clear error: a plugin that died while
 * answering says so (with its exit); a gRPC error the plugin returned keeps its
 * code and message.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { ExitInfo } from "../../client/launch.js";
import type { PluginClient } from "../../client/plugin-client.js";
import { ErrorCode, ShimError } from "../../errors.js";
import type { GrpcFailure } from "../../model/exchange.js";

/** The exit event may trail the broken connection by a moment. */
const exitNoticeMs = 250;

export async function callError(client: PluginClient, failure: GrpcFailure): Promise<ShimError> {
  if (failure.code === "ResourceExhausted" && /larger than max/i.test(failure.message)) {
    return new ShimError(
      ErrorCode.ResourceExhausted,
      `the wrapped plugin ${client.path} answered more than the shim takes from it (${failure.message}); ` +
        "ask for less data or raise maxAnswerMiB (GRAFANA_SHIM_WRAP_MAX_ANSWER_MIB)",
    );
  }
  const transport = ["Unavailable", "Canceled", "Unknown", "Internal"].includes(failure.code);
  const exit = transport
    ? await Promise.race([client.exited, delay(exitNoticeMs).then(() => undefined)])
    : undefined;
  if (exit) {
    return new ShimError(
      ErrorCode.Unavailable,
      `the wrapped plugin ${client.path} (pid ${client.pid}) ${exitPhrase(exit)} while answering this query; it is being restarted`,
    );
  }
  return new ShimError(
    ErrorCode.Handler,
    `the wrapped plugin ${client.path} answered with gRPC error ${failure.code}: ${failure.message}`,
  );
}

function exitPhrase(exit: ExitInfo): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
