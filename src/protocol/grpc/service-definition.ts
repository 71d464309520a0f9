/** Builds @grpc/grpc-js service definitions from protobufjs services, so no codegen is needed. */
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import type protobuf from "protobufjs";
import { protoRoot } from "./proto-root.js";

function codec(type: protobuf.Type) {
  return {
    serialize: (message: object) => {
      const bytes = type.encode(message).finish();
      // protobufjs writes a Buffer on Node: no copy of what it wrote.
      return Buffer.isBuffer(bytes)
        ? bytes
        : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    deserialize: (bytes: Buffer) => type.decode(bytes),
  };
}

/** `serviceDefinition("legacy/datasource.proto", "models.DatasourcePlugin")`. */
export function serviceDefinition(file: string, serviceName: string): ServiceDefinition {
  const service = protoRoot(file).lookupService(serviceName);
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = codec(method.resolvedRequestType!);
    const response = codec(method.resolvedResponseType!);
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: request.serialize,
      requestDeserialize: request.deserialize,
      responseSerialize: response.serialize,
      responseDeserialize: response.deserialize,
      originalName: method.name,
    };
  }
  return definition;
}
