/** HTTP the way misbehaving clients send it: raw bytes, stalls, endless uploads. */
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { Readable } from "node:stream";

export interface RawAnswer {
  readonly text: string;
  readonly closedAfterMs: number;
}

/** Writes `chunks` (with pauses given as numbers of ms) and reads until the server closes. */
export function rawExchange(
  url: string,
  parts: readonly (string | Buffer | number)[],
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      text += d;
    });
    socket.on("error", () => undefined); // a reset after the answer is expected
    socket.on("close", () => resolve({ text, closedAfterMs: Date.now() - started }));
    socket.on("connect", async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        if (typeof part === "number") await new Promise((r) => setTimeout(r, part));
        else socket.write(part);
      }
    });
    setTimeout(
      () => reject(new Error(`no close within 20 s; got ${JSON.stringify(text)}`)),
      20_000,
    ).unref();
  });
}

export interface UploadResult {
  readonly status: number;
  readonly body: string;
  /** Bytes the client had produced when it stopped. */
  readonly sent: number;
}

/** Streams up to `total` bytes of a JSON string body, made lazily; stops when the server answers. */
export function streamUpload(
  url: string,
  total: number,
  headers: Record<string, string> = {},
): Promise<UploadResult> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const source = new Readable({
    read() {
      if (sent === 0) {
        sent += 10;
        this.push('{"from":"');
        return;
      }
      if (sent >= total) return void this.push(null);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", headers: { "Content-Type": "application/json", ...headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          body += d;
        });
        res.on("end", () => {
          source.destroy();
          resolve({ status: res.statusCode ?? 0, body, sent });
        });
        res.on("error", () => resolve({ status: res.statusCode ?? 0, body, sent }));
      },
    );
    req.on("error", (error) =>
      reject(new Error(`upload failed after ${sent} bytes before any answer: ${error.message}`)),
    );
    source.pipe(req);
  });
}
