/** Options of `grafana-shim record`; a ShimError names what is wrong. */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ErrorCode, messageOf, ShimError } from "../errors.js";

export interface RecordArgs {
  readonly mode: "plugin" | "http";
  readonly out: string;
  readonly plugin?: string;
  readonly protocol?: 1 | 2;
  readonly upstream?: string;
  readonly handler?: string;
  readonly datasources?: string;
  readonly host: string;
  readonly port: number;
  readonly peer?: string;
  readonly note?: string;
  readonly volatile: readonly string[];
  readonly help: boolean;
}

export const recordUsage = `Usage:
  grafana-shim record --plugin <executable> --out <dir> [--protocol 1|2]
      Recording proxy between a go-plugin host and a plugin executable: wrap mode with
      recording on. A host (Grafana) must start it: point the plugin's executable at a
      launcher script that runs  exec grafana-shim record --plugin <old plugin> --out <dir>
  grafana-shim record --http --out <dir> (--upstream <url> | --handler <h> | --plugin <exe> [--protocol 1|2])
         [--datasources <yaml>] [--host 127.0.0.1] [--port 3101] [--peer <name>] [--note <text>]
         [--volatile <path>]...
      Recording HTTP gateway: forwards everything to the upstream gateway (or to a serve-http
      it starts with the handler, or wrapping the plugin) and records each /api/tsdb/query and
      /api/ds/query exchange. Runs until Ctrl-C.

Each exchange becomes one fixture file in <dir> (0001-v1-A.json, ...); secrets in requests
(decrypted secure settings, credentials in headers, keys that name a secret) are redacted, also
where the answer repeats them. --note sets the fixtures' comment; --volatile declares a response
path that changes between runs (e.g. response.body.results.A.meta.echo.timeRange).
`;

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    options: {
      out: { type: "string" },
      plugin: { type: "string" },
      protocol: { type: "string" },
      http: { type: "boolean" },
      upstream: { type: "string" },
      handler: { type: "string" },
      datasources: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      peer: { type: "string" },
      note: { type: "string" },
      volatile: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
}

export function readRecordArgs(argv: readonly string[]): RecordArgs {
  let v: ReturnType<typeof parse>["values"];
  try {
    v = parse(argv).values;
  } catch (thrown) {
    throw new ShimError(ErrorCode.InvalidArgument, messageOf(thrown));
  }
  const fail = (message: string): never => {
    throw new ShimError(ErrorCode.InvalidArgument, message);
  };
  const mode = v.http || v.upstream !== undefined ? "http" : "plugin";
  const help = v.help === true;
  if (!help) {
    if (!v.out) fail("--out <dir> is required: where the fixtures go");
    const sources = [v.upstream, v.handler, v.plugin].filter((s) => s !== undefined).length;
    if (mode === "plugin" && v.plugin === undefined)
      fail("--plugin <executable> is required (or --http)");
    if (mode === "http" && sources !== 1)
      fail("--http needs exactly one of --upstream, --handler, --plugin");
    if (v.plugin !== undefined && !existsSync(v.plugin))
      fail(`plugin executable ${v.plugin} does not exist`);
    if (v.protocol !== undefined && v.protocol !== "1" && v.protocol !== "2")
      fail("--protocol is 1 or 2");
    if (v.port !== undefined && !/^\d+$/.test(v.port)) fail("--port must be a port number");
  }
  return {
    mode,
    out: v.out ?? "",
    help,
    host: v.host ?? "127.0.0.1",
    port: Number(v.port ?? 3101),
    volatile: v.volatile ?? [],
    ...(v.plugin ? { plugin: v.plugin } : {}),
    ...(v.protocol ? { protocol: Number(v.protocol) as 1 | 2 } : {}),
    ...(v.upstream ? { upstream: v.upstream } : {}),
    ...(v.handler ? { handler: v.handler } : {}),
    ...(v.datasources ? { datasources: v.datasources } : {}),
    ...(v.peer ? { peer: v.peer } : {}),
    ...(v.note ? { note: v.note } : {}),
  };
}
