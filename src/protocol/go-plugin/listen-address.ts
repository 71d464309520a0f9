/** Where the plugin listens: a unix socket, or TCP in the host's port range. */
import { randomInt } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, ShimError } from "../../errors.js";

export type Network = "unix" | "tcp";

/** go-plugin uses unix sockets everywhere but Windows; operators may force TCP. */
export function chooseNetwork(platform: NodeJS.Platform, forced: Network | undefined): Network {
  return forced ?? (platform === "win32" ? "tcp" : "unix");
}

/** `$PLUGIN_UNIX_SOCKET_DIR/plugin<digits>`, else under the temp dir, like go-plugin. */
export function socketPath(env: NodeJS.ProcessEnv, digits = randomInt(1e9, 1e10)): string {
  return join(env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), `plugin${digits}`);
}

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** PLUGIN_MIN_PORT..PLUGIN_MAX_PORT with go-plugin's defaults; a clear error when unusable. */
export function portRange(env: NodeJS.ProcessEnv): PortRange {
  const min = port(env.PLUGIN_MIN_PORT, 10000, "PLUGIN_MIN_PORT");
  const max = port(env.PLUGIN_MAX_PORT, 25000, "PLUGIN_MAX_PORT");
  if (min > max) {
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `PLUGIN_MIN_PORT (${min}) is greater than PLUGIN_MAX_PORT (${max}): no port to listen on`,
    );
  }
  return { min, max };
}

function port(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ShimError(ErrorCode.InvalidArgument, `${name}=${text} is not a port number`);
  }
  return value;
}
