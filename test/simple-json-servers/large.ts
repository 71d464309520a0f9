/**
 * A Simple JSON server whose `/query` answers one large body (a request whose targets include
 * "warm" gets a one-point answer): for measuring what a large answer costs the shim.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const at = 1_700_000_000_000;

/** Ten series of points one second apart from `at`, values of a few digits: about `bytes` of JSON. */
export function largeAnswer(bytes: number): Buffer {
  const perSeries = Math.ceil(bytes / 10 / 26);
  const series = Array.from({ length: 10 }, (_, s) => {
    const points: string[] = new Array(perSeries);
    for (let i = 0; i < perSeries; i++)
      points[i] = `[${(Math.sin(i + s) * 1000).toFixed(6)},${at + i * 1000}]`;
    return `{"target":"s${s}","datapoints":[${points.join(",")}]}`;
  });
  return Buffer.from(`[${series.join(",")}]`);
}

const warm = Buffer.from(JSON.stringify([{ target: "warm", datapoints: [[1, at]] }]));

export async function startLargeServer(large: Buffer): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const answer = body.includes('"warm"') ? warm : large;
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": answer.length });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
