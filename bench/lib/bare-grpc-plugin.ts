/**
 * The floor of a Node plugin: grpc-js and the go-plugin services it needs, answering every
 * Query (protocol 1) or QueryData (protocol 2) with the same canned bytes, decoding nothing.
 * The bytes are what the shim's own service answers to the first request of the host's
 * -requests file, made once at start, so both send the same answer on the wire.
 *
 *   BARE_PROTOCOL=1|2 BARE_REQUESTS=<host -requests file> node dist/bench/lib/bare-grpc-plugin.js
 *
 * The benchmarks start it as they start the shim (barePlugin): with the packaged V8 flags.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  Metadata,
  type MethodDefinition,
  Server,
  ServerCredentials,
  type sendUnaryData,
} from "@grpc/grpc-js";
import { createLogger } from "../../src/log/logger.js";
import { ShimMetrics } from "../../src/metrics.js";
import { protoRoot } from "../../src/protocol/grpc/proto-root.js";
import { serviceDefinition } from "../../src/protocol/grpc/service-definition.js";
import { grpcServerOptions } from "../../src/server/go-plugin/serve.js";
import { addGoPluginServices, OpenStreams } from "../../src/server/go-plugin/services.js";
import { protocolV1Implementation } from "../../src/server/protocol-v1/service.js";
import { dataImplementation } from "../../src/server/protocol-v2/data-service.js";
import { contextOnlyTracing } from "../../src/tracing/tracing.js";
import { packagedLauncher, root } from "./paths.js";

const methods = {
  "1": { file: "legacy/datasource.proto", service: "models.DatasourcePlugin", method: "Query" },
  "2": { file: "v2/backend.proto", service: "pluginv2.Data", method: "QueryData" },
} as const;

/** The bare plugin as a host starts it: an executable script, and what its environment must add. */
export function barePlugin(
  dir: string,
  protocol: 1 | 2,
  requestsFile: string,
): { exe: string; env: Record<string, string> } {
  const main = join(root, "dist/bench/lib/bare-grpc-plugin.js");
  return {
    exe: packagedLauncher(dir, "bare-grpc-plugin", main),
    env: { BARE_PROTOCOL: String(protocol), BARE_REQUESTS: requestsFile },
  };
}

/** The shim's answer to `request`, as its service sends it (the service's own serializer). */
async function cannedAnswer(protocol: "1" | "2", request: object): Promise<Buffer> {
  const { file, service, method } = methods[protocol];
  const definition = serviceDefinition(file, service)[method] as MethodDefinition<object, object>;
  const wire = definition.requestDeserialize(
    Buffer.from(
      definition.requestSerialize(
        protoRoot(file).lookupType(requestType(protocol)).fromObject(request),
      ),
    ),
  );
  const handler = (
    await import(join(root, `dist/test/handlers/echo-${protocol === "1" ? "legacy" : "frames"}.js`))
  ).default;
  const deps = {
    handler,
    log: createLogger({ level: "off", module: "bare" }),
    tracing: contextOnlyTracing(),
    concurrency: 16,
    timeoutMs: 30_000,
    answerBudgetMiB: 256,
    nullPoints: "nan" as const,
    metrics: new ShimMetrics(),
  };
  const call = {
    request: wire,
    metadata: new Metadata(),
    on: () => call,
    removeListener: () => call,
    getDeadline: () => Number.POSITIVE_INFINITY,
  };
  const response = await new Promise<object>((resolve, reject) => {
    const callback: sendUnaryData<object> = (error, value) =>
      error || !value ? reject(error ?? new Error("no answer")) : resolve(value);
    const implementation =
      protocol === "1" ? protocolV1Implementation(deps).Query : dataImplementation(deps).QueryData;
    (implementation as (call: unknown, callback: sendUnaryData<object>) => Promise<void>)(
      call,
      callback,
    );
  });
  return definition.responseSerialize(response);
}

const requestType = (protocol: "1" | "2") =>
  protocol === "1" ? "models.DatasourceRequest" : "pluginv2.QueryDataRequest";

async function main(): Promise<void> {
  const protocol = process.env.BARE_PROTOCOL === "2" ? "2" : "1";
  const requests = JSON.parse(readFileSync(process.env.BARE_REQUESTS ?? "", "utf8")) as object[];
  const answer = await cannedAnswer(protocol, requests[0] ?? {});
  const server = new Server(grpcServerOptions(64));
  addGoPluginServices(server, {
    log: createLogger({ level: "off", module: "bare" }),
    streams: new OpenStreams(),
    onShutdown: () => setImmediate(() => process.exit(0)),
  });
  const { service, method } = methods[protocol];
  const same = (bytes: Buffer) => bytes;
  server.addService(
    {
      [method]: {
        path: `/${service}/${method}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: same,
        requestDeserialize: same,
        responseSerialize: same,
        responseDeserialize: same,
      },
    },
    { [method]: (_call: unknown, callback: sendUnaryData<Buffer>) => callback(null, answer) },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  process.stdout.write(`1|${protocol}|tcp|127.0.0.1:${port}|grpc\n`);
  process.on("SIGTERM", () => process.exit(0));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
