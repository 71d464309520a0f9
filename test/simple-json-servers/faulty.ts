/**
 * A misbehaving Simple JSON server: the datasource URL's first path segment picks the fault
 * (`http://127.0.0.1:<port>/<fault>`), so one server provokes every failure for real.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sendJson } from "./serve.js";

type Fault = (req: IncomingMessage, res: ServerResponse) => void;

const at = 1_500_000_000_000;

export const faults: Readonly<Record<string, Fault>> = {
  ok: (_req, res) => sendJson(res, 200, [{ target: "fine", datapoints: [[1.5, at]] }]),
  stall: () => {}, // never answers
  status500: (_req, res) => sendJson(res, 500, { message: "database is down" }),
  html: (_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end("<html><body><h1>Welcome to nginx!</h1></body></html>");
  },
  "redirect-loop": (req, res) => {
    res.writeHead(302, { Location: req.url ?? "/" });
    res.end();
  },
  "redirect-here": (_req, res) => {
    res.writeHead(307, { Location: "/echo-auth/query" });
    res.end();
  },
  "redirect-away": (req, res) => {
    // localhost is another origin than 127.0.0.1: credentials must not follow.
    res.writeHead(307, { Location: `http://localhost:${req.socket.localPort}/echo-auth/query` });
    res.end();
  },
  "echo-auth": (req, res) =>
    sendJson(res, 200, [{ target: `auth=${req.headers.authorization ?? "none"}`, datapoints: [] }]),
  huge: (_req, res) => streamHuge(res, 100 * 1024 * 1024),
  deep: (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
  },
  "string-times": (_req, res) =>
    sendJson(res, 200, [{ target: "a", datapoints: [[1, String(at)]] }]),
  "nan-string": (_req, res) => sendJson(res, 200, [{ target: "a", datapoints: [["NaN", at]] }]),
  "wide-rows": (_req, res) =>
    sendJson(res, 200, [{ type: "table", columns: [{ text: "a" }], rows: [[1, 2]] }]),
  "wrong-shape": (_req, res) => sendJson(res, 200, { data: [] }),
  slowloris: (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write("[");
    const timer = setInterval(() => res.write(" "), 200);
    res.on("close", () => clearInterval(timer));
  },
};

export interface FaultyServer {
  readonly url: string;
  urlOf(fault: keyof typeof faults): string;
  close(): Promise<void>;
}

export async function startFaultyServer(): Promise<FaultyServer> {
  const server = createServer((req, res) => {
    req.resume();
    const fault = faults[(req.url ?? "").split("/")[1] ?? ""];
    if (fault) fault(req, res);
    else sendJson(res, 404, { message: "unknown fault" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urlOf: (fault) => `${url}/${fault}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A valid-looking JSON array that goes on for `bytes`, written as fast as the reader takes it. */
function streamHuge(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  const item = `{"target":"x","datapoints":[[1,${at}]]},`;
  const chunk = Buffer.from(item.repeat(Math.ceil(65_536 / item.length)));
  let sent = 1;
  res.write("[");
  const pump = () => {
    while (sent < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    res.end(`{"target":"x","datapoints":[]}]`);
  };
  res.on("close", () => {
    sent = bytes;
  });
  pump();
}

/** A port on which nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
