/**
 * Calls on a plugin connection, built from the project's proto files. A call
 * resolves to its answer or to the gRPC status it failed with, named as Go
 * names codes (the names go-plugin hosts print); an aborted signal cancels it.
 */

import type { MethodDefinition } from "@grpc/grpc-js";
import { type Client, Metadata, type ServiceError } from "@grpc/grpc-js";
import type { CallOutcome } from "../model/exchange.js";
import { serviceDefinition } from "../protocol/grpc/service-definition.js";

/** codes.Code.String() of grpc-go, by number. */
const goCodeNames = [
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
] as const;

export function goCodeName(code: number): string {
  return goCodeNames[code] ?? `Code(${code})`;
}

export interface MethodRef {
  readonly file: string;
  readonly service: string;
  readonly method: string;
}

const definitions = new Map<string, MethodDefinition<object, unknown>>();

function definitionOf(ref: MethodRef): MethodDefinition<object, unknown> {
  const key = `${ref.service}/${ref.method}`;
  let found = definitions.get(key);
  if (!found) {
    found = serviceDefinition(ref.file, ref.service)[ref.method] as
      | MethodDefinition<object, unknown>
      | undefined;
    if (!found) throw new Error(`no method ${key} in ${ref.file}`);
    definitions.set(key, found);
  }
  return found;
}

export function unaryCall(
  client: Client,
  ref: MethodRef,
  request: object,
  signal?: AbortSignal,
  timeoutMs?: number,
): Promise<CallOutcome<unknown>> {
  const method = definitionOf(ref);
  return new Promise((resolve) => {
    const options = timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
    const call = client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      new Metadata(),
      options,
      (error: ServiceError | null, value?: unknown) => {
        signal?.removeEventListener("abort", cancel);
        if (error) {
          resolve({ ok: false, failure: { code: goCodeName(error.code), message: error.details } });
        } else resolve({ ok: true, value });
      },
    );
    const cancel = () => call.cancel();
    if (signal?.aborted) cancel();
    else signal?.addEventListener("abort", cancel, { once: true });
  });
}

export const methods = {
  legacyQuery: {
    file: "legacy/datasource.proto",
    service: "models.DatasourcePlugin",
    method: "Query",
  },
  queryData: { file: "v2/backend.proto", service: "pluginv2.Data", method: "QueryData" },
  checkHealth: { file: "v2/backend.proto", service: "pluginv2.Diagnostics", method: "CheckHealth" },
  shutdown: {
    file: "go-plugin/plugin.proto",
    service: "plugin.GRPCController",
    method: "Shutdown",
  },
  health: { file: "go-plugin/health.proto", service: "grpc.health.v1.Health", method: "Check" },
} as const satisfies Record<string, MethodRef>;
