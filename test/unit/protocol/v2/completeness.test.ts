/**
 * Completeness of the protocol-2 conversion layer: every field of the request
 * messages, set to a non-default value, must change what the converter
 * produces when it changes — unless it is listed here as deliberately ignored.
 * A field added to proto/v2/backend.proto fails this test until it is handled.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type protobuf from "protobufjs";
import { protoRoot } from "../../../../src/protocol/grpc/proto-root.js";
import { pluginContextFromProto } from "../../../../src/protocol/v2/convert-context.js";
import { dataRequestFromProto } from "../../../../src/protocol/v2/convert-request.js";
import type {
  WireCallResourceRequest,
  WireStreamRequest,
} from "../../../../src/protocol/v2/wire.js";
import { resourceRequestFromProto } from "../../../../src/server/protocol-v2/resource-service.js";
import { streamRequestFromProto } from "../../../../src/server/protocol-v2/stream-service.js";

type Plain = Record<string, unknown>;

/** Fields whose value the shim does not pass on, and why. */
const ignored = new Set<string>([]);

const root = protoRoot("v2/backend.proto");

/** A value for each scalar type; `variant` picks a second, different one. */
function scalar(field: protobuf.Field, path: string, variant: boolean): unknown {
  if (field.resolvedType && "values" in field.resolvedType) return variant ? 2 : 1;
  switch (field.type) {
    case "string":
      return `${path.replaceAll(".", "_")}_${variant ? 2 : 1}`; // also a valid stream path
    case "bool":
      return !variant;
    case "bytes":
      return Buffer.from(JSON.stringify({ at: path, variant }));
    default:
      return variant ? 7 : 5;
  }
}

/** Every field set; the field at `change` gets its variant value. */
function fill(type: protobuf.Type, change: string, prefix = ""): Plain {
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    const path = prefix + field.name;
    const variant = change === path;
    const nested =
      field.resolvedType && "fieldsArray" in field.resolvedType
        ? (field.resolvedType as protobuf.Type)
        : null;
    const value = () => (nested ? fill(nested, change, `${path}.`) : scalar(field, path, variant));
    if (field.map) out[field.name] = { [variant ? "key2" : "key1"]: value() };
    else if (field.repeated) out[field.name] = [value()];
    else out[field.name] = value();
  }
  return out;
}

function leafPaths(type: protobuf.Type, prefix = ""): string[] {
  return type.fieldsArray.flatMap((field) => {
    const path = prefix + field.name;
    const nested =
      field.resolvedType && "fieldsArray" in field.resolvedType
        ? (field.resolvedType as protobuf.Type)
        : null;
    return nested ? [...(field.map ? [path] : []), ...leafPaths(nested, `${path}.`)] : [path];
  });
}

function decoded(type: protobuf.Type, plain: Plain): never {
  return type.decode(type.encode(type.fromObject(plain)).finish()) as never;
}

const canonical = (value: unknown) =>
  JSON.stringify(value, (_k, v) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v] : v,
  );

function checkComplete(typeName: string, convert: (message: never) => unknown) {
  const type = root.lookupType(typeName);
  const base = canonical(convert(decoded(type, fill(type, ""))));
  const missed = leafPaths(type).filter((path) => {
    if (ignored.has(`${typeName}.${path}`)) return false;
    return canonical(convert(decoded(type, fill(type, path)))) === base;
  });
  assert.deepEqual(
    missed,
    [],
    `${typeName} fields that never reach the model: ${missed.join(", ")}`,
  );
}

test("every QueryDataRequest field reaches the model", () => {
  checkComplete("pluginv2.QueryDataRequest", (m) => dataRequestFromProto(m));
});

test("every CallResourceRequest field reaches the model", () => {
  checkComplete("pluginv2.CallResourceRequest", (m: WireCallResourceRequest) => [
    resourceRequestFromProto(m),
    pluginContextFromProto(m.pluginContext),
  ]);
});

test("every RunStreamRequest field reaches the model", () => {
  checkComplete("pluginv2.RunStreamRequest", (m: WireStreamRequest) => [
    streamRequestFromProto(m),
    pluginContextFromProto(m.pluginContext),
  ]);
});

test("the check notices a field the converter drops", () => {
  const type = root.lookupType("pluginv2.QueryDataRequest");
  const dropsHeaders = (m: Plain) => {
    const converted = dataRequestFromProto(m as never);
    return { ...converted, request: { ...converted.request, headers: {} } };
  };
  const base = canonical(dropsHeaders(decoded(type, fill(type, ""))));
  assert.equal(canonical(dropsHeaders(decoded(type, fill(type, "headers")))), base);
});
