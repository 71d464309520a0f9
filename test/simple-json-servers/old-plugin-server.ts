/**
 * A Simple JSON server as one written against the old Go backend plugin, on the recording
 * upstream, one datasource URL per case (`/<case>/query`). It reads range.from/to as epoch-ms
 * text or ISO 8601 (a relative text such as `5m` as the fixed time below), answers each target
 * of a call in order (tables with both `rows` and the old `values`), and /search with the
 * metrics containing the target.
 */
import { metrics } from "./classic.js";
import { type Reply, startRecordingServer } from "./recording.js";
import { pointsOf, timeOf } from "./serve.js";

/** What reached the server for a case: enough to tell two senders apart. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: unknown;
}

const relativeMs = 1_700_000_000_000;

function rangeTimeOf(text: unknown): number {
  const ms = timeOf(text);
  return Number.isNaN(ms) ? relativeMs : ms;
}

interface Target {
  target?: string;
  type?: string;
}

function queryAnswer(body: { range?: { from?: unknown; to?: unknown }; targets?: Target[] }) {
  const from = rangeTimeOf(body.range?.from);
  const to = Math.max(rangeTimeOf(body.range?.to), from + 600_000);
  return (body.targets ?? []).map((t) => {
    const name = t.target ?? "";
    if (t.type !== "table") return { target: name, datapoints: pointsOf(name, from, to, 60_000) };
    const rows = [
      [from, name, 12.5],
      [from + 60_000, "DE", 7],
    ];
    const columns = [
      { text: "Time", type: "time" },
      { text: "Name", type: "string" },
      { text: "Value", type: "number" },
    ];
    return { type: "table", columns, rows, values: rows };
  });
}

function searchAnswer(body: { target?: unknown }) {
  const target = body.target;
  return metrics.filter((m) => typeof target !== "string" || m.includes(target));
}

function reply(path: string, text: string): Reply {
  const body = text === "" ? {} : JSON.parse(text);
  if (path.endsWith("/query")) return { status: 200, body: JSON.stringify(queryAnswer(body)) };
  if (path.endsWith("/search")) return { status: 200, body: JSON.stringify(searchAnswer(body)) };
  return { status: 200, body: '"OK"' };
}

export interface OldPluginServer {
  readonly url: string;
  /** The datasource URL of a case. */
  urlOf(name: string): string;
  /** The POSTs that reached a case's URL, bodies parsed. */
  received(name: string): ReceivedRequest[];
  forget(): void;
  close(): Promise<void>;
}

export async function startOldPluginServer(): Promise<OldPluginServer> {
  const server = await startRecordingServer((got) => reply(got.path, got.body));
  return {
    url: server.url,
    close: () => server.close(),
    urlOf: (name) => `${server.url}/${name}`,
    received: (name) =>
      server.received
        .filter((r) => r.path.startsWith(`/${name}/`) && r.method === "POST")
        .map((r) => ({
          method: r.method,
          path: r.path.slice(name.length + 1),
          contentType: String(r.headers["content-type"] ?? ""),
          body: r.body === "" ? undefined : JSON.parse(r.body),
        })),
    forget: () => {
      server.received.length = 0;
    },
  };
}
