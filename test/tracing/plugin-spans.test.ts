/**
 * Trace context and spans in plugin mode, against real peers: the Go hosts send a W3C
 * `traceparent` in the gRPC metadata as Grafana's otelgrpc client does, Grafana's OTLP settings
 * reach the shim in its environment, and a Go OTLP receiver built on the collector's own protos
 * gets the shim's spans. The simplejson handler answers from a recording Simple JSON server,
 * which shows what trace context reached it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { type Received, startRecordingServer } from "../simple-json-servers/recording.js";
import { type Json, runHost, shim, v1Request, v2Request } from "../simplejson/hosts.js";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "./otlp-receiver.js";

const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;
const queries = [
  { refId: "A", target: "cpu" },
  { refId: "B", target: "mem" },
];

let receiver: OtlpReceiver;
let upstream: Awaited<ReturnType<typeof startRecordingServer>>;

before(async () => {
  receiver = await startOtlpReceiver();
  upstream = await startRecordingServer((got) => {
    const target = (JSON.parse(got.body || "{}") as Json).targets?.[0]?.target ?? "none";
    return { status: 200, body: JSON.stringify([{ target, datapoints: [[1, fromMs]] }]) };
  });
});

after(async () => {
  await receiver?.close();
  await upstream?.close();
});

/** A fresh trace id and caller span id for each test, so spans of tests never mix. */
function callerContext(): { traceId: string; parentId: string; traceparent: string } {
  const hex = (bytes: number) =>
    Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join("");
  const traceId = hex(16);
  const parentId = hex(8);
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-01` };
}

/** Grafana's variables for a plugin whose tracing is on (pluginconfig/envvars.go). */
function grafanaTracingEnv(): Record<string, string> {
  return {
    GF_INSTANCE_OTLP_ADDRESS: receiver.grpc,
    GF_INSTANCE_OTLP_PROPAGATION: "w3c",
    GF_INSTANCE_OTLP_SAMPLER_TYPE: "const",
    GF_INSTANCE_OTLP_SAMPLER_PARAM: "1.000000",
    GF_INSTANCE_OTLP_SAMPLER_REMOTE_URL: "",
    GF_PLUGIN_VERSION: "1.2.3",
    GRAFANA_SHIM_LOG_LEVEL: "debug",
  };
}

const ofTrace = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);

function upstreamCallsOf(traceId: string): Received[] {
  return upstream.received.filter((r) => String(r.headers.traceparent ?? "").includes(traceId));
}

/** The call span, one `query` span per refId under it, one client span under each query span. */
function checkSpanTree(spans: readonly ReceivedSpan[], callName: string, parentId: string): void {
  const call = spans.find((s) => s.name === callName);
  assert.ok(call, `no ${callName} span among ${spans.map((s) => s.name).join(", ")}`);
  assert.equal(call.parentSpanId, parentId, "the call span's parent is the caller's span");
  assert.equal(call.kind, "SPAN_KIND_SERVER");
  assert.equal(call.attributes.request_status, "ok");
  assert.equal(call.attributes.org_id, 1);
  assert.equal(call.service, "grafana-shim");
  const perQuery = spans.filter((s) => s.name === "query");
  assert.deepEqual(perQuery.map((s) => s.attributes.refId).sort(), ["A", "B"]);
  for (const query of perQuery) {
    assert.equal(query.parentSpanId, call.spanId, `query ${query.attributes.refId}: parent`);
    const http = spans.filter((s) => s.parentSpanId === query.spanId);
    assert.equal(http.length, 1, `query ${query.attributes.refId}: one upstream call span`);
    assert.equal(http[0]?.name, "HTTP Outgoing Request");
    assert.equal(http[0]?.kind, "SPAN_KIND_CLIENT");
    assert.equal(http[0]?.attributes["http.method"], "POST");
    assert.equal(http[0]?.attributes["http.status_code"], 200);
  }
}

/** Each upstream call carried the trace, its parent the client span made for that call. */
function checkUpstream(spans: readonly ReceivedSpan[], traceId: string): void {
  const calls = upstreamCallsOf(traceId);
  assert.equal(calls.length, 2, "one upstream call per query, each with the trace");
  const clientSpans = new Set(
    spans.filter((s) => s.name === "HTTP Outgoing Request").map((s) => s.spanId),
  );
  for (const call of calls) {
    const [, tid, sid, flags] = String(call.headers.traceparent).split("-");
    assert.equal(tid, traceId);
    assert.equal(flags, "01");
    assert.ok(clientSpans.has(sid ?? ""), `upstream's parent ${sid} is a client span of the shim`);
  }
}

function pluginLines(report: Json): Json[] {
  return (report.hostLog as Json[]).filter((l) => typeof l["@message"] === "string");
}

describe("plugin mode exports spans when Grafana passes its OTLP settings", () => {
  test("protocol 2 QueryData: the call's span under Grafana's, a span per query, one per upstream call", async () => {
    const caller = callerContext();
    const request = v2Request(upstream.url, "sj", fromMs, toMs, queries);
    const report = await runHost(
      "host-v2",
      shim,
      [request],
      ["-versions", "2", "-traceparent", caller.traceparent, "-tracestate", "grafana=1"],
      cleanEnv(grafanaTracingEnv()),
    );
    assert.equal(report.results[0].response.A.error, "", JSON.stringify(report.results[0]));
    await receiver.waitFor(() => ofTrace(caller.traceId).length >= 5);
    const spans = ofTrace(caller.traceId);
    checkSpanTree(spans, "sdk.queryData", caller.parentId);
    const call = spans.find((s) => s.name === "sdk.queryData");
    assert.equal(call?.attributes.plugin_id, "grafana-simple-json-backend-datasource");
    assert.equal(call?.attributes.datasource_uid, "sj");
    assert.equal(call?.attributes["rpc.method"], "QueryData");
    assert.equal(call?.protocol, "grpc");
    checkUpstream(spans, caller.traceId);
    const states = upstreamCallsOf(caller.traceId).map((c) => c.headers.tracestate);
    assert.deepEqual(states, ["grafana=1", "grafana=1"], "tracestate passed on unchanged");
    const traced = pluginLines(report).filter((l) => l.traceID === caller.traceId);
    assert.ok(
      traced.some((l) => l["@message"] === "upstream call"),
      `no upstream call line with the traceID:\n${JSON.stringify(pluginLines(report), null, 1)}`,
    );
  });

  test("protocol 2 CheckHealth: an sdk.checkHealth span and the trace at the server", async () => {
    const caller = callerContext();
    const request = v2Request(upstream.url, "sj", fromMs, toMs, queries);
    await runHost(
      "host-v2",
      shim,
      [request],
      ["-versions", "2", "-query=false", "-check-health", "-traceparent", caller.traceparent],
      cleanEnv(grafanaTracingEnv()),
    );
    await receiver.waitFor(() => ofTrace(caller.traceId).length >= 2);
    const health = ofTrace(caller.traceId).find((s) => s.name === "sdk.checkHealth");
    assert.equal(health?.parentSpanId, caller.parentId);
    assert.equal(upstreamCallsOf(caller.traceId).length, 1, "the health check's upstream call");
  });

  test("protocol 1 Query: the same tree under an sdk.query span", async () => {
    const caller = callerContext();
    const report = await runHost(
      "host-current",
      shim,
      [v1Request(upstream.url, fromMs, toMs, queries)],
      ["-traceparent", caller.traceparent],
      cleanEnv(grafanaTracingEnv()),
    );
    assert.equal(report.results[0].response.results[0].error, "");
    await receiver.waitFor(() => ofTrace(caller.traceId).length >= 5);
    const spans = ofTrace(caller.traceId);
    checkSpanTree(spans, "sdk.query", caller.parentId);
    assert.equal(spans.find((s) => s.name === "sdk.query")?.attributes["rpc.method"], "Query");
    checkUpstream(spans, caller.traceId);
  });
});

describe("plugin mode without OTLP settings passes the caller's context on", () => {
  test("the upstream gets Grafana's traceparent as it came, the log lines its traceID, no span is sent", async () => {
    const caller = callerContext();
    const before = receiver.spans.length;
    const request = v2Request(upstream.url, "sj", fromMs, toMs, queries);
    const report = await runHost(
      "host-v2",
      shim,
      [request],
      ["-versions", "2", "-traceparent", caller.traceparent],
      cleanEnv({ GRAFANA_SHIM_LOG_LEVEL: "debug" }),
    );
    const calls = upstreamCallsOf(caller.traceId);
    assert.equal(calls.length, 2);
    for (const call of calls) assert.equal(call.headers.traceparent, caller.traceparent);
    const traced = pluginLines(report).filter((l) => l.traceID === caller.traceId);
    assert.ok(traced.length >= 2, "the upstream call lines carry the traceID");
    assert.equal(receiver.spans.length, before, "nothing was exported");
  });

  test("a call without trace context reaches the upstream without one", async () => {
    const marker = `plain-${Date.now()}`;
    const request = v2Request(upstream.url, marker, fromMs, toMs, [{ refId: "A", target: marker }]);
    await runHost("host-v2", shim, [request], ["-versions", "2"], cleanEnv());
    const call = upstream.received.find((r) => r.body.includes(marker));
    assert.ok(call, "the query reached the upstream");
    assert.equal(call.headers.traceparent, undefined);
  });
});
