/**
 * Options of `grafana-shim serve-http`: each has a flag and an environment
 * variable (flags win), checked with zod; `--help` is generated from this table.
 * The bearer token has no flag, so that it never shows in a process list.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import { gatewayDefaults } from "../server/http/options.js";

interface Option {
  readonly flag?: string;
  readonly env: string;
  readonly key: string;
  readonly kind: "string" | "boolean";
  readonly shown: string;
  readonly help: string;
}

export const serveHttpOptions: readonly Option[] = [
  {
    flag: "host",
    env: "GRAFANA_SHIM_HTTP_HOST",
    key: "host",
    kind: "string",
    shown: gatewayDefaults.host,
    help: "interface to bind (0.0.0.0 exposes the gateway to the network)",
  },
  {
    flag: "port",
    env: "GRAFANA_SHIM_HTTP_PORT",
    key: "port",
    kind: "string",
    shown: String(gatewayDefaults.port),
    help: "TCP port; 0 picks a free one",
  },
  {
    flag: "handler",
    env: "GRAFANA_SHIM_HANDLER",
    key: "handler",
    kind: "string",
    shown: "demo",
    help: "built-in handler name (demo) or path of a handler module",
  },
  {
    flag: "datasources",
    env: "GRAFANA_SHIM_HTTP_DATASOURCES",
    key: "datasources",
    kind: "string",
    shown: "one built-in",
    help: "Grafana provisioning YAML file, or a folder of them ($VAR, $__env{VAR} expanded as Grafana does)",
  },
  {
    env: "GRAFANA_SHIM_HTTP_TOKEN",
    key: "token",
    kind: "string",
    shown: "none",
    help: "require Authorization: Bearer <token> (all routes but /api/health)",
  },
  {
    flag: "token-file",
    env: "GRAFANA_SHIM_HTTP_TOKEN_FILE",
    key: "tokenFile",
    kind: "string",
    shown: "none",
    help: "read the bearer token from this file instead",
  },
  {
    flag: "body-limit",
    env: "GRAFANA_SHIM_HTTP_BODY_LIMIT",
    key: "bodyLimit",
    kind: "string",
    shown: "16MiB",
    help: "largest request body (bytes, or with KiB/MiB/GiB); larger gets 413",
  },
  {
    flag: "max-queries",
    env: "GRAFANA_SHIM_HTTP_MAX_QUERIES",
    key: "maxQueries",
    kind: "string",
    shown: String(gatewayDefaults.maxQueries),
    help: "most queries in one request",
  },
  {
    flag: "max-json-depth",
    env: "GRAFANA_SHIM_HTTP_MAX_JSON_DEPTH",
    key: "maxJsonDepth",
    kind: "string",
    shown: String(gatewayDefaults.maxJsonDepth),
    help: "deepest JSON nesting accepted in a body",
  },
  {
    flag: "request-timeout-ms",
    env: "GRAFANA_SHIM_HTTP_REQUEST_TIMEOUT_MS",
    key: "requestTimeoutMs",
    kind: "string",
    shown: String(gatewayDefaults.requestTimeoutMs),
    help: "time a client has to send its whole request (slower gets 408)",
  },
  {
    flag: "timeout-ms",
    env: "GRAFANA_SHIM_TIMEOUT_MS",
    key: "queryTimeoutMs",
    kind: "string",
    shown: String(gatewayDefaults.queryTimeoutMs),
    help: "handler time per request; later queries answer with a timeout error",
  },
  {
    flag: "concurrency",
    env: "GRAFANA_SHIM_CONCURRENCY",
    key: "concurrency",
    kind: "string",
    shown: String(gatewayDefaults.concurrency),
    help: "queries of one request answered at once",
  },
  {
    flag: "answer-budget-mib",
    env: "GRAFANA_SHIM_ANSWER_BUDGET_MIB",
    key: "answerBudgetMiB",
    kind: "string",
    shown: String(gatewayDefaults.answerBudgetBytes / 1024 / 1024),
    help: "MiB the answers of one request may take in all; queries past it answer with an error",
  },
  {
    flag: "multi-status",
    env: "GRAFANA_SHIM_HTTP_MULTI_STATUS",
    key: "multiStatus",
    kind: "boolean",
    shown: "false",
    help: "/api/ds/query answers 207 instead of 400 when a query failed",
  },
  {
    flag: "tsdb-dataframes",
    env: "GRAFANA_SHIM_HTTP_TSDB_DATAFRAMES",
    key: "tsdbDataframes",
    kind: "string",
    shown: "off",
    help: "frames handlers on /api/tsdb/query: off | also (base64 Arrow beside series, 7.x) | only (8.x)",
  },
  {
    flag: "access-log",
    env: "GRAFANA_SHIM_HTTP_ACCESS_LOG",
    key: "accessLog",
    kind: "boolean",
    shown: "true",
    help: "one log line per request (--no-access-log to turn off)",
  },
  {
    flag: "otlp-endpoint",
    env: "OTEL_EXPORTER_OTLP_ENDPOINT",
    key: "otlpEndpoint",
    kind: "string",
    shown: "none: no spans",
    help: "export spans over OTLP to this collector (http://host:4318, or host:4317 with --otlp-protocol grpc); OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and the other OTEL_* variables apply (docs/monitoring.md)",
  },
  {
    flag: "otlp-protocol",
    env: "OTEL_EXPORTER_OTLP_PROTOCOL",
    key: "otlpProtocol",
    kind: "string",
    shown: "http/protobuf",
    help: "grpc | http/protobuf",
  },
  {
    flag: "log-level",
    env: "GRAFANA_SHIM_LOG_LEVEL",
    key: "logLevel",
    kind: "string",
    shown: "info",
    help: "trace | debug | info | warn | error | off (hclog JSON on stderr)",
  },
  {
    flag: "quiet",
    env: "GRAFANA_SHIM_HTTP_QUIET",
    key: "quiet",
    kind: "boolean",
    shown: "false",
    help: "do not print the address and curl examples on stdout",
  },
];

const units: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1 << 20,
  mb: 1 << 20,
  mib: 1 << 20,
  g: 1 << 30,
  gb: 1 << 30,
  gib: 1 << 30,
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0"]).transform((s) => s === "true" || s === "1"),
]);

const schema = z.object({
  host: z.string().min(1).default(gatewayDefaults.host),
  port: int(0, 65535).default(gatewayDefaults.port),
  handler: z.string().min(1).optional(),
  datasources: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
  tokenFile: z.string().min(1).optional(),
  bodyLimit: z
    .string()
    .regex(/^\d+\s*([kmg](i?b)?|b)?$/i, "a number of bytes, optionally with KiB, MiB or GiB")
    .transform(byteCount)
    .pipe(
      z
        .number()
        .int()
        .min(1024)
        .max(2 ** 31),
    )
    .optional(),
  maxQueries: int(1, 1_000_000).default(gatewayDefaults.maxQueries),
  maxJsonDepth: int(2, 10_000).default(gatewayDefaults.maxJsonDepth),
  requestTimeoutMs: int(100, 3_600_000).default(gatewayDefaults.requestTimeoutMs),
  queryTimeoutMs: int(1, 3_600_000).optional(),
  concurrency: int(1, 1024).optional(),
  answerBudgetMiB: int(1, 2047).optional(),
  multiStatus: bool.default(false),
  tsdbDataframes: z.enum(["off", "also", "only"]).default("off"),
  accessLog: bool.default(true),
  otlpEndpoint: z
    .url({ protocol: /^https?$/ })
    .or(z.string().regex(/^[^\s/:]+:\d+$/))
    .optional(),
  otlpProtocol: z.enum(["grpc", "http/protobuf"]).optional(),
  logLevel: z.string().optional(),
  quiet: bool.default(false),
});

export type ServeHttpArgs = z.infer<typeof schema>;

function byteCount(text: string): number {
  const [, digits = "0", unit = ""] = /^(\d+)\s*(.*)$/.exec(text.trim()) ?? [];
  return Number(digits) * (units[unit.toLowerCase()] ?? Number.NaN);
}

/** `--help` or `-h` anywhere before `--`: the usage wins over every other option, even a bad one. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.includes("--help") || options.includes("-h");
}

/** Flags over environment over defaults; a ShimError names every bad option. */
export function readServeHttpArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServeHttpArgs {
  const flags: Record<string, { type: "string" | "boolean" }> = {};
  for (const o of serveHttpOptions) if (o.flag) flags[o.flag] = { type: o.kind };
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: flags,
      allowNegative: true,
      strict: true,
    }).values;
  } catch (thrown) {
    throw new ShimError(ErrorCode.InvalidArgument, messageOf(thrown));
  }
  const input: Record<string, unknown> = {};
  for (const o of serveHttpOptions) {
    const fromFlag = o.flag === undefined ? undefined : values[o.flag];
    const fromEnv = env[o.env] === "" ? undefined : env[o.env];
    const value = fromFlag ?? fromEnv;
    if (value !== undefined) input[o.key] = value;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const names = new Map(serveHttpOptions.map((o) => [o.key, o.flag ? `--${o.flag}` : o.env]));
  const problems = parsed.error.issues.map(
    (i) => `${names.get(String(i.path[0])) ?? i.path.join(".")}: ${i.message}`,
  );
  throw new ShimError(ErrorCode.InvalidArgument, `invalid options: ${problems.join("; ")}`);
}

/** `grafana-shim serve-http --help`. */
export function serveHttpHelpText(): string {
  return `Usage: grafana-shim serve-http [options]

${serveHttpAbout()}`;
}

/** What serve-http does and its options; the main --help shows it too. */
export function serveHttpAbout(): string {
  return `serve-http answers Grafana's HTTP query APIs from the same handler, without a Grafana:
POST /api/tsdb/query (Grafana 5-7 shape), POST /api/ds/query (7.x and 8.3+ shapes),
GET /api/health, GET /api/datasources[/uid/<uid>|/<id>|/name/<name>], GET .../health,
any method on /api/datasources/uid/<uid>/resources/<path> (paths with dot segments, encoded
slashes or backslashes answer 400), and GET / a playground page to run queries from a browser
(its /api calls need the token when one is set). Datasources come from Grafana provisioning YAML
(--datasources); without it one built-in datasource is served. Ctrl-C or SIGTERM stops it.
Options (flag, environment variable, meaning [default]; flags win over the environment):
${serveHttpHelp()}
  --help, -h               this text
`;
}

function serveHttpHelp(): string {
  const rows = serveHttpOptions.map((o) => {
    const flag = o.flag ? `--${o.flag}${o.kind === "string" ? " <v>" : ""}` : "(no flag)";
    return `  ${flag.padEnd(24)} ${o.env} [${o.shown}]\n      ${o.help}`;
  });
  return rows.join("\n");
}
