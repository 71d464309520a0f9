/**
 * The environment a go-plugin host gives a plugin (docs/protocol.md#environment-the-host-sets): the
 * host's own, minus what would steer the child like the host's host, plus the
 * magic cookie, the port range, the offered app versions and, with AutoMTLS,
 * the host's client certificate.
 */
import { magicCookie } from "../protocol/go-plugin/cookie.js";
import type { PortRange } from "../protocol/go-plugin/listen-address.js";

export interface PluginEnvironmentOptions {
  /** What the child inherits (usually process.env). */
  readonly base: NodeJS.ProcessEnv;
  /** App protocol versions offered, in the order given. */
  readonly versions: readonly number[];
  readonly ports: PortRange;
  /** PEM of the host's client certificate: asks the plugin for AutoMTLS. */
  readonly clientCertPem?: string;
  readonly unixSocketDir?: string;
  /** Set after the base and before the go-plugin variables (e.g. GF_VERSION). */
  readonly extra?: Readonly<Record<string, string>>;
}

export const defaultPorts: PortRange = { min: 10000, max: 25000 };

/** Keys a host sets for its child; inherited ones describe another host. */
function setByHost(key: string): boolean {
  return key.startsWith("PLUGIN_") || key === magicCookie.key;
}

export function pluginEnvironment(o: PluginEnvironmentOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(o.base)) {
    if (value !== undefined && !setByHost(key)) env[key] = value;
  }
  Object.assign(env, o.extra);
  env[magicCookie.key] = magicCookie.value;
  env.PLUGIN_MIN_PORT = String(o.ports.min);
  env.PLUGIN_MAX_PORT = String(o.ports.max);
  env.PLUGIN_PROTOCOL_VERSIONS = o.versions.join(",");
  if (o.clientCertPem) env.PLUGIN_CLIENT_CERT = o.clientCertPem;
  if (o.unixSocketDir) env.PLUGIN_UNIX_SOCKET_DIR = o.unixSocketDir;
  return env;
}
