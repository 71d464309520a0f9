/**
 * The gateway's monitoring, over real HTTP against the built executable: GET /metrics behind
 * the token, counters that move by exactly what was asked, and a request's `traceparent`
 * reaching its log lines, the Simple JSON server it calls, and (with --otlp-endpoint) the
 * spans a Go OTLP receiver gets over OTLP/HTTP.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { closedPort } from "../simple-json-servers/faulty.js";
import { type RecordingServer, startRecordingServer } from "../simple-json-servers/recording.js";
import { tempDir } from "../simplejson/hosts.js";
import { type OtlpReceiver, startOtlpReceiver } from "../tracing/otlp-receiver.js";
import { get, post, type RunningGateway, startGateway } from "./gateway.js";

const token = "metrics-token-7";
const auth = { Authorization: `Bearer ${token}` };
const range = { from: "1700000000000", to: "1700003600000" };

let upstream: RecordingServer;
let receiver: OtlpReceiver;
let gateway: RunningGateway;

before(async () => {
  upstream = await startRecordingServer((got) => {
    const target = (JSON.parse(got.body || "{}") as { targets?: { target?: string }[] })
      .targets?.[0]?.target;
    return { status: 200, body: JSON.stringify([{ target, datapoints: [[1, 1700000000000]] }]) };
  });
  receiver = await startOtlpReceiver();
  const yaml = join(tempDir("gw-observe-"), "datasources.yaml");
  writeFileSync(
    yaml,
    [
      "apiVersion: 1",
      "datasources:",
      `  - {name: Up, uid: up, id: 1, type: simplejson, url: "${upstream.url}"}`,
      `  - {name: Down, uid: down, id: 2, type: simplejson, url: "http://127.0.0.1:${await closedPort()}"}`,
      "",
    ].join("\n"),
  );
  gateway = await startGateway(
    ["--handler", "simplejson", "--datasources", yaml, "--otlp-endpoint", receiver.http],
    { GRAFANA_SHIM_HTTP_TOKEN: token, GRAFANA_SHIM_LOG_LEVEL: "debug" },
  );
});

after(async () => {
  await gateway?.stop();
  await receiver?.close();
  await upstream?.close();
});

/** The value of one sample of Prometheus text, 0 when it is absent. */
function sample(text: string, name: string, labels: Readonly<Record<string, string>>): number {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = new Map(
      [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got.get(k) === v)) return Number(match[3]);
  }
  return 0;
}

async function metrics(): Promise<string> {
  const answer = await get(`${gateway.url}/metrics`, auth);
  assert.equal(answer.status, 200, answer.text);
  return answer.text;
}

const dsQuery = (uid: string, refIds: readonly string[]) => ({
  ...range,
  queries: refIds.map((refId) => ({ refId, target: refId, datasource: { uid } })),
});

describe("GET /metrics", () => {
  test("needs the bearer token when one is set, and answers Prometheus text with it", async () => {
    const without = await get(`${gateway.url}/metrics`);
    assert.equal(without.status, 401);
    const wrong = await get(`${gateway.url}/metrics`, { Authorization: "Bearer nope" });
    assert.equal(wrong.status, 401);
    const answer = await get(`${gateway.url}/metrics`, auth);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    assert.match(answer.text, /^# TYPE process_cpu_seconds_total counter$/m);
    assert.match(answer.text, /^# TYPE grafana_shim_request_duration_seconds histogram$/m);
  });

  test("query, error, latency and upstream counts move by exactly what was asked", async () => {
    const before = await metrics();
    const ds = { route: "/api/ds/query", handler: "simplejson", datasource_type: "simplejson" };
    const tsdb = { ...ds, route: "/api/tsdb/query" };
    const ok = await post(`${gateway.url}/api/ds/query`, dsQuery("up", ["A", "B"]), auth);
    assert.equal(ok.status, 200, ok.text);
    const down = await post(`${gateway.url}/api/ds/query`, dsQuery("down", ["C"]), auth);
    assert.equal(down.status, 400, down.text);
    const legacy = await post(
      `${gateway.url}/api/tsdb/query`,
      { ...range, queries: [{ refId: "D", target: "D", datasourceId: 1 }] },
      auth,
    );
    assert.equal(legacy.status, 200, legacy.text);
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    assert.equal(delta("grafana_shim_queries_total", ds), 3);
    assert.equal(delta("grafana_shim_queries_total", tsdb), 1);
    const errors = "grafana_shim_query_errors_total";
    assert.equal(delta(errors, { ...ds, error_source: "downstream" }), 1);
    assert.equal(delta(errors, { ...ds, error_source: "plugin" }), 0);
    assert.equal(delta(errors, { ...tsdb, error_source: "downstream" }), 0);
    assert.equal(delta("grafana_shim_request_duration_seconds_count", ds), 2);
    assert.equal(delta("grafana_shim_request_duration_seconds_count", tsdb), 1);
    const calls = "grafana_shim_upstream_requests_total";
    assert.equal(delta(calls, { route: "/query", status: "200" }), 3);
    assert.equal(delta(calls, { route: "/query", status: "error" }), 1);
    assert.equal(
      delta("grafana_shim_upstream_request_duration_seconds_count", { route: "/query" }),
      4,
    );
  });
});

describe("a traceparent header", () => {
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const callerSpan = "00f067aa0ba902b7";
  const traceparent = `00-${traceId}-${callerSpan}-01`;

  test("reaches the request's log lines, the Simple JSON server and the exported spans", async () => {
    const answer = await post(`${gateway.url}/api/ds/query`, dsQuery("up", ["T"]), {
      ...auth,
      traceparent,
      tracestate: "vendor=x",
    });
    assert.equal(answer.status, 200, answer.text);
    const reached = upstream.received.filter((r) =>
      String(r.headers.traceparent ?? "").includes(traceId),
    );
    assert.equal(reached.length, 1, "the upstream call carried the trace");
    assert.equal(reached[0]?.headers.tracestate, "vendor=x");
    const upstreamParent = String(reached[0]?.headers.traceparent).split("-")[2];

    await receiver.waitFor((spans) => spans.filter((s) => s.traceId === traceId).length >= 3);
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const server = spans.find((s) => s.name === "POST /api/ds/query");
    assert.ok(server, `no server span: ${spans.map((s) => s.name).join(", ")}`);
    assert.equal(server.parentSpanId, callerSpan);
    assert.equal(server.protocol, "http", "sent over OTLP/HTTP");
    assert.equal(server.attributes["http.route"], "/api/ds/query");
    const query = spans.find((s) => s.name === "query" && s.attributes.refId === "T");
    assert.equal(query?.parentSpanId, server.spanId);
    const client = spans.find((s) => s.name === "HTTP Outgoing Request");
    assert.equal(client?.parentSpanId, query?.spanId);
    assert.equal(client?.spanId, upstreamParent, "the upstream's parent is the client span");

    // The access-log line is written when the answer has gone out.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = gateway.logs().filter((l) => l.traceID === traceId);
    const messages = lines.map((l) => l["@message"]);
    assert.ok(messages.includes("upstream call"), JSON.stringify(messages));
    assert.ok(messages.includes("request"), JSON.stringify(messages));
  });

  test("a request without one starts a trace of its own, the root of its spans", async () => {
    const answer = await post(`${gateway.url}/api/ds/query`, dsQuery("up", ["U"]), auth);
    assert.equal(answer.status, 200);
    const last = upstream.received.at(-1);
    assert.match(last?.body ?? "", /"target":"U"/);
    const [, ownTrace = "", parent = ""] = String(last?.headers.traceparent).split("-");
    assert.match(ownTrace, /^[0-9a-f]{32}$/);
    assert.notEqual(ownTrace, traceId);
    await receiver.waitFor((spans) => spans.filter((s) => s.traceId === ownTrace).length >= 3);
    const spans = receiver.spans.filter((s) => s.traceId === ownTrace);
    const server = spans.find((s) => s.name === "POST /api/ds/query");
    assert.equal(server?.parentSpanId, "", "a root span");
    assert.ok(spans.some((s) => s.spanId === parent && s.name === "HTTP Outgoing Request"));
  });
});
