/**
 * The services every go-plugin plugin serves besides its own: health,
 * controller (Shutdown), broker and stdio (docs/protocol.md#go-plugin-services).
 */
import {
  type Server,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
  status,
} from "@grpc/grpc-js";
import type { Logger } from "../../log/logger.js";
import { serviceDefinition } from "../../protocol/grpc/service-definition.js";

const servingStatus = { SERVING: 1 } as const;

/** Open streams that must be ended before the server can stop. */
export class OpenStreams {
  readonly #streams = new Set<{ end(): void }>();

  add(stream: { end(): void; on(event: "cancelled" | "finish", fn: () => void): unknown }) {
    this.#streams.add(stream);
    const forget = () => this.#streams.delete(stream);
    stream.on("cancelled", forget);
    stream.on("finish", forget);
  }

  endAll() {
    for (const stream of this.#streams) stream.end();
    this.#streams.clear();
  }
}

export interface GoPluginServices {
  readonly log: Logger;
  readonly streams: OpenStreams;
  /** Called once the host asked to shut down and the answer is on its way. */
  readonly onShutdown: () => void;
}

export function addGoPluginServices(server: Server, deps: GoPluginServices): void {
  server.addService(serviceDefinition("go-plugin/health.proto", "grpc.health.v1.Health"), {
    Check(call: ServerUnaryCall<{ service: string }, object>, callback: sendUnaryData<object>) {
      const name = call.request.service;
      if (name === "" || name === "plugin") callback(null, { status: servingStatus.SERVING });
      else callback({ code: status.NOT_FOUND, details: `unknown service ${JSON.stringify(name)}` });
    },
  });

  server.addService(serviceDefinition("go-plugin/plugin.proto", "plugin.GRPCController"), {
    Shutdown(_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) {
      deps.log.debug("host asked to shut down");
      callback(null, {});
      deps.onShutdown();
    },
  });

  // The shim brokers no extra connections; the stream stays open until either side ends it.
  server.addService(serviceDefinition("go-plugin/plugin.proto", "plugin.GRPCBroker"), {
    StartStream(call: ServerDuplexStream<object, object>) {
      deps.streams.add(call);
      call.on("data", () => deps.log.debug("ignoring a broker request: the shim brokers nothing"));
      call.on("end", () => call.end());
      call.on("error", () => undefined);
    },
  });

  // stdout is redirected to stderr (stdout is the handshake's), so this stream carries nothing.
  server.addService(serviceDefinition("go-plugin/plugin.proto", "plugin.GRPCStdio"), {
    StreamStdio(call: ServerWritableStream<object, object>) {
      deps.streams.add(call);
      call.on("error", () => undefined);
    },
  });
}
