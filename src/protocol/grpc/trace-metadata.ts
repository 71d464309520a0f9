/** A gRPC call's metadata as the trace-context reader wants it: one text per key. */
import type { Metadata } from "@grpc/grpc-js";
import type { HeaderReader } from "../../tracing/trace-context.js";

export function metadataReader(metadata: Metadata): HeaderReader {
  return (name) => {
    const values = metadata.get(name);
    if (values.length === 0) return undefined;
    return values.length === 1 ? String(values[0]) : values.map(String).join(",");
  };
}
