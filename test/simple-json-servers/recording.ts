/**
 * An upstream that records exactly what reaches it: the method, the request target as it came
 * on the wire (no normalisation), its path and query string apart, every header and the body.
 * It answers what `answer` says (by default 200 with `[]`).
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly method: string;
  /** The request target exactly as sent, e.g. `/api/sj/search?target=cpu`. */
  readonly target: string;
  readonly path: string;
  /** The query string without its `?`; "" when there is none. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly type?: string;
}

export interface RecordingServer {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

export async function startRecordingServer(
  answer: (received: Received) => Reply = () => ({ status: 200, body: "[]" }),
): Promise<RecordingServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = req.url ?? "";
      const mark = target.indexOf("?");
      const got: Received = {
        method: req.method ?? "",
        target,
        path: mark < 0 ? target : target.slice(0, mark),
        query: mark < 0 ? "" : target.slice(mark + 1),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(got);
      const reply = answer(got);
      res.writeHead(reply.status, {
        "Content-Type": reply.type ?? "application/json",
        "Content-Length": Buffer.byteLength(reply.body),
      });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
