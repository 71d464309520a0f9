/** The environment a go-plugin host gives a protocol-1 plugin, as Grafana 6.2-6.4 would. */
import { echoHandler } from "./paths.js";

/** What a host adds itself; only needed when the benchmark starts the plugin without one. */
export const hostVariables = {
  grafana_plugin_type: "datasource",
  PLUGIN_PROTOCOL_VERSIONS: "1",
  PLUGIN_MIN_PORT: "10000",
  PLUGIN_MAX_PORT: "25000",
} as const;

/** The shim answers with the answer-spec handler; warn keeps per-query logs out of the timing. */
export const shimVariables = {
  GRAFANA_SHIM_HANDLER: echoHandler,
  GRAFANA_SHIM_LOG_LEVEL: "warn",
} as const;
