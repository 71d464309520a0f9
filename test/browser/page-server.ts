/**
 * An HTTP server for browser test pages on 127.0.0.1: files from folders mounted at URL
 * prefixes, and every `/api/` request passed on to a backend (the shim's gateway) as Grafana's
 * own server would answer it, so pages use same-origin URLs as they do inside Grafana.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

export interface PageServerOptions {
  /** URL prefix (such as "/vendor/") → folder. */
  readonly mounts: Readonly<Record<string, string>>;
  /** Where `/api/` requests go, such as the gateway's http://127.0.0.1:port. */
  readonly api?: string;
}

export interface PageServer {
  readonly url: string;
  /** Every `/api/` request: method, path with query string, and body text. */
  readonly apiCalls: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export async function servePages(options: PageServerOptions): Promise<PageServer> {
  const apiCalls: PageServer["apiCalls"] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/api/") && options.api) {
      proxy(req, res, options.api, apiCalls);
      return;
    }
    sendFile(res, fileFor(options.mounts, path.split("?")[0] ?? "/"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiCalls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The file a URL path names under its mount, never outside the mounted folder. */
function fileFor(mounts: PageServerOptions["mounts"], path: string): string | undefined {
  const prefix = Object.keys(mounts)
    .filter((p) => path.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) return undefined;
  const dir = normalize(mounts[prefix] as string);
  const file = normalize(join(dir, decodeURIComponent(path.slice(prefix.length)) || "index.html"));
  return file.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? file : undefined;
}

function sendFile(res: ServerResponse, file: string | undefined): void {
  if (file === undefined || !isFile(file)) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    return;
  }
  res.writeHead(200, {
    "Content-Type": types[extname(file)] ?? "application/octet-stream",
    "Cache-Control": "no-store",
  });
  createReadStream(file).pipe(res);
}

function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  calls: PageServer["apiCalls"],
): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    calls.push({ method: req.method ?? "GET", path: req.url ?? "", body: body.toString("utf8") });
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "accept", "x-plugin-id", "x-datasource-uid"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const upstream = request(
      new URL(req.url ?? "/", target),
      { method: req.method, headers: { ...headers, "content-length": String(body.length) } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (e) => {
      res.writeHead(502, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ message: `test page server: ${e.message}` }));
    });
    upstream.end(body);
  });
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
