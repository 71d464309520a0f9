/** `grafana-shim --help`, and `grafana-shim plugin --help` (plugin mode's part of it). */
import { configFileName, envKeys } from "../config.js";
import { version } from "../version.js";
import { serveHttpAbout } from "./serve-http-options.js";

export function helpText(): string {
  return `grafana-shim ${version()}: one backend plugin executable for every Grafana (6.0 to current)

Usage:
  grafana-shim                 plugin mode; Grafana (a go-plugin host) starts it with its magic cookie
  grafana-shim serve-http [options]  HTTP gateway: /api/tsdb/query and /api/ds/query on a local port
  grafana-shim convert [file|-] --to tsdb|frames-json|arrow-base64 [--frame-type multi|wide|long|untyped]
                               convert a legacy tsdb response, frame JSON or base64 Arrow frames
                               (see 'grafana-shim convert --help')
  grafana-shim package --plugin-dir <old plugin dir> [--out <dir>] [--executable <name>]
                               make an old backend plugin's folder run the shim: standalone executables
                               (Node.js inside) and launchers (see 'grafana-shim package --help')
  grafana-shim record --plugin <exe> --out <dir>   recording proxy (wrap mode, recording on), started by a host
  grafana-shim record --http --out <dir> (--upstream <url> | --handler <h> | --plugin <exe>)
                               recording HTTP gateway (see 'grafana-shim record --help')
  grafana-shim replay <fixtures...> (--handler <h> | --plugin <exe> | --gateway <url>) [--update]
                               replay recorded fixtures, print a table and each first difference; exit 1 on
                               a mismatch (see 'grafana-shim replay --help' and docs/record-replay.md)
  grafana-shim --help          this text; 'grafana-shim <command> --help' (or -h) for one command
  grafana-shim --version

${pluginAbout()}
${serveHttpAbout()}
`;
}

/** `grafana-shim plugin --help`. */
export function pluginHelpText(): string {
  return `Usage: grafana-shim [plugin]
  Grafana (a go-plugin host) starts the executable with its magic cookie in the environment and
  no arguments; it prints one handshake line on stdout and serves until the host stops it.

${pluginAbout()}`;
}

function pluginAbout(): string {
  const vars = Object.entries(envKeys)
    .map(([name, [key]]) => `  ${name.padEnd(30)} ${key}`)
    .join("\n");
  return `Plugin mode answers protocol 1 (models.DatasourcePlugin, Grafana 5-7) or protocol 2 (pluginv2,
Grafana 7+) from one handler, as the host's PLUGIN_PROTOCOL_VERSIONS and GF_VERSION allow
(GRAFANA_SHIM_PROTOCOL forces one). Logs are hclog JSON on stderr.

Settings come from ${configFileName} beside the path the executable was started by (a symlink's
own folder), or one folder up, else beside the real file (or one up), or from the file named by
GRAFANA_SHIM_CONFIG; then from these environment variables (the file's key on the right):
${vars}

${configFileName} example:
  {"handler": "./my-handler.js", "logLevel": "debug", "timeoutMs": 30000, "concurrency": 16,
   "maxReceiveMiB": 64, "answerBudgetMiB": 256, "nullPoints": "nan"}

  handler        a built-in name (simplejson, the default; demo; wrap) or a path to a module
                 whose default export is a handler
  logLevel       trace | debug | info | warn | error | off (default info)
  timeoutMs      per request; unfinished queries then answer with a timeout error (default 30000);
                 handlers get it as ctx.deadline, and the simplejson handler's server calls end before it
  concurrency    queries of one request answered at once (default 16)
  maxReceiveMiB  largest gRPC request accepted (default 64)
  answerBudgetMiB  what the answers of one request may take in all, in the bytes sent (default 256);
                 the queries past it answer "the answer is too large", the others keep their answers
  protocol       1 or 2: force the answered protocol version instead of negotiating
  network        unix | tcp: force the listener (default unix, tcp on Windows)
  nullPoints     nan | omit: how null points go out on protocol 1 (default nan; Grafana < 6.4 needs omit)

handler "wrap" serves an existing plugin executable (protocol 1 or 2) over every protocol, restarting
it with back-off when it dies. Its settings: the "wrap" object of ${configFileName}, or variables
GRAFANA_SHIM_WRAP_<KEY> (Grafana 7+ also passes [plugin.<id>] ini keys as GF_PLUGIN_WRAP_<KEY>):
  PLUGIN (plugin)              the executable to run (required)
  PROTOCOL (protocol)          1 or 2: the version to offer it [1]
  START_TIMEOUT_MS             handshake deadline [60000]     SHUTDOWN_GRACE_MS   before SIGKILL [2000]
  RESTART_DELAY_MS             first restart delay, doubling [250]; RESTART_MAX_DELAY_MS [30000]
  WAIT_FOR_RESTART_MS          a query waits for a restart due within this time [5000]
  AUTO_MTLS (autoMtls)         ask the plugin for AutoMTLS [false]; GF_VERSION (gfVersion) to set for it
  MAX_ANSWER_MIB               largest answer message taken from the plugin [256]; larger fail their queries
  RECORD (record)              write every exchange with the plugin as a fixture into this folder

handler "simplejson", the default in plugin mode, answers from the datasource's Simple JSON HTTP server
(classic or simPod dialect) with the URL, basic auth, custom headers, forwarded credentials, TLS and
timeout Grafana stores for it; a query with "live": true also streams (docs/simple-json.md).
jsonData.requestCompat "backend-1.0" sends the server the old Go plugin's requests (raw range texts,
all targets in one /query call); "simplejson": {"requestCompat": "backend-1.0"} in ${configFileName}
makes it the default of datasources without one ("spec", the Simple JSON spec's requests, otherwise).

Tracing and metrics (docs/monitoring.md): a call's W3C traceparent (gRPC metadata) is passed on to
the handler's HTTP calls and logged as traceID; spans go over OTLP/gRPC when Grafana passes
GF_INSTANCE_OTLP_ADDRESS (or its own GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS reaches the plugin),
with GF_INSTANCE_OTLP_PROPAGATION and GF_INSTANCE_OTLP_SAMPLER_TYPE/_PARAM; OTEL_SDK_DISABLED=true
turns export off. Protocol 2's CollectMetrics answers Prometheus text.
`;
}
