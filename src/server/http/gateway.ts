/**
 * Starts the HTTP gateway: Node's own timeouts against slow clients (the whole
 * request within `requestTimeoutMs`, idle sockets closed), and a close that
 * lets running requests finish for a moment before cutting connections.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { clientErrorHandler } from "./client-error.js";
import { closeServer } from "./close-server.js";
import type { GatewayContext } from "./context.js";

export interface Gateway {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits up to `graceMs` for running requests, then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

export async function startGateway(ctx: GatewayContext): Promise<Gateway> {
  const { requestTimeoutMs, queryTimeoutMs, host, port } = ctx.options;
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(requestTimeoutMs, 10_000),
      keepAliveTimeout: 5000,
      // How often Node looks for requests past their time; its default is 30 s.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, requestTimeoutMs / 4)),
    },
    createApp(ctx),
  );
  // A client that stops reading its answer must not hold a socket forever.
  server.setTimeout(requestTimeoutMs + queryTimeoutMs, (socket) => socket.destroy());
  server.on("clientError", clientErrorHandler(ctx.log, requestTimeoutMs));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: (graceMs = 5000) => closeServer(server, graceMs),
  };
}
