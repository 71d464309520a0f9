/**
 * The recording HTTP gateway: a reverse proxy in front of any gateway that
 * speaks Grafana's query APIs (the shim's serve-http, a Grafana). Everything is
 * forwarded as it came; each POST to /api/tsdb/query or /api/ds/query is also
 * recorded as a fixture.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { messageOf } from "../errors.js";
import { parseJsonExact } from "../exact-json.js";
import type { Logger } from "../log/logger.js";
import type { ExchangeRecorder, HttpExchangeRequest } from "../model/exchange.js";
import { closeServer } from "../server/http/close-server.js";

export interface RecordingGatewayOptions {
  readonly upstream: string;
  readonly host: string;
  readonly port: number;
  readonly recorder: ExchangeRecorder;
  readonly log: Logger;
}

export interface RecordingGateway {
  readonly url: string;
  /** Stops accepting, lets running requests finish (and be recorded) for up to `graceMs`, then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

const recorded = new Map([
  ["/api/tsdb/query", "tsdb-http"],
  ["/api/ds/query", "ds-http"],
] as const);
/** Per connection, not per request: never forwarded (RFC 9110 section 7.6.1). */
const hopByHop = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-connection",
  "accept-encoding",
  "content-encoding",
]);
const largestBody = 64 * 1024 * 1024;

function forwardable(headers: IncomingMessage["headers"] | Headers): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value !== undefined && !hopByHop.has(name.toLowerCase())) out[name] = String(value);
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > largestBody) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function jsonOrText(bytes: Buffer): unknown {
  const text = bytes.toString("utf8");
  try {
    return parseJsonExact(text, "the body");
  } catch {
    return text;
  }
}

export async function startRecordingGateway(o: RecordingGatewayOptions): Promise<RecordingGateway> {
  const server = createServer((req, res) => {
    proxy(req, res, o).catch((thrown: unknown) => {
      o.log.error("could not forward a request", {
        path: req.url,
        error: messageOf(thrown),
      });
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `upstream ${o.upstream} failed: ${messageOf(thrown)}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: (graceMs = 5000) => closeServer(server, graceMs),
  };
}

async function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  o: RecordingGatewayOptions,
): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    res.writeHead(413, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "request body too large to record" }));
    return;
  }
  const method = req.method ?? "GET";
  const headers = forwardable(req.headers);
  const upstream = await fetch(new URL(req.url ?? "/", o.upstream), {
    method,
    headers,
    ...(method === "GET" || method === "HEAD" ? {} : { body }),
  });
  const answer = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, forwardable(upstream.headers));
  res.end(answer);
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const protocol = recorded.get(path as HttpExchangeRequest["path"]);
  if (method !== "POST" || !protocol) return;
  o.recorder.record({
    protocol,
    request: { path: path as HttpExchangeRequest["path"], headers, body: jsonOrText(body) },
    response: { status: upstream.status, body: jsonOrText(answer) },
  });
}
