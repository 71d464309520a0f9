/** A small JSON HTTP server for the Simple JSON test servers: routes, recorded requests, a URL. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: unknown;
}

export type Route = (
  body: unknown,
  req: IncomingMessage,
  res: ServerResponse,
) => unknown | Promise<unknown>;

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Every request, in order (bodies parsed as JSON when they are). */
  readonly seen: Seen[];
  close(): Promise<void>;
}

/** Routes by "METHOD /path"; a route's value is sent as JSON unless it answered itself. */
export async function serveJson(routes: Readonly<Record<string, Route>>): Promise<RunningServer> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const text = await readText(req);
    const body = parse(text);
    const path = (req.url ?? "/").split("?")[0] as string;
    seen.push({ method: req.method ?? "", path, headers: req.headers, body });
    const route = routes[`${req.method} ${path}`];
    if (!route) return sendJson(res, 404, { message: `no route ${req.method} ${path}` });
    try {
      const value = await route(body, req, res);
      if (!res.headersSent && !res.writableEnded) sendJson(res, 200, value);
    } catch (thrown) {
      if (!res.headersSent) sendJson(res, 500, { message: String(thrown) });
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

function parse(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** range.from/to as servers read them: ISO 8601 (the spec) or epoch-ms text (the old Go plugin). */
export function timeOf(text: unknown): number {
  if (typeof text !== "string") return Number.NaN;
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

/** Deterministic points of a target: aligned to the step, fractional values, every 7th a gap. */
export function pointsOf(
  target: string,
  fromMs: number,
  toMs: number,
  stepMs: number,
): [number | null, number][] {
  const seed = [...target].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7);
  const out: [number | null, number][] = [];
  for (let t = Math.ceil(fromMs / stepMs) * stepMs; t <= toMs; t += stepMs) {
    const gap = Math.round(t / stepMs) % 7 === 3;
    out.push([gap ? null : Math.round(Math.sin(t / 600_000 + seed) * 100_000) / 1000, t]);
  }
  return out;
}

/** The step a Simple JSON server would use for a /query body. */
export function stepOf(
  body: { intervalMs?: number; maxDataPoints?: number },
  fromMs: number,
  toMs: number,
): number {
  const interval = Math.max(body.intervalMs ?? 1000, 1000);
  const limit = body.maxDataPoints ? Math.ceil((toMs - fromMs) / body.maxDataPoints) : 0;
  return Math.max(interval, limit);
}
