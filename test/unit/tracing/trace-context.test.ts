/** W3C traceparent/tracestate and Jaeger uber-trace-id: what is read, what is refused, what is written. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  parsePropagation,
  readTraceContext,
  traceHeaders,
} from "../../../src/tracing/trace-context.js";

const traceId = "0af7651916cd43dd8448eb211c80319c";
const spanId = "b7ad6b7169203331";
const headers = (h: Record<string, string>) => (name: string) => h[name];

test("a valid traceparent is read with its sampled flag and tracestate", () => {
  const read = readTraceContext(
    headers({
      traceparent: `00-${traceId}-${spanId}-01`,
      tracestate: "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE",
    }),
    ["w3c"],
  );
  assert.deepEqual(read, {
    traceId,
    spanId,
    sampled: true,
    traceState: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
  });
  const unsampled = readTraceContext(headers({ traceparent: `00-${traceId}-${spanId}-00` }), [
    "w3c",
  ]);
  assert.equal(unsampled?.sampled, false);
  // A later version may add fields after the flags.
  const later = readTraceContext(headers({ traceparent: `01-${traceId}-${spanId}-03-what-ever` }), [
    "w3c",
  ]);
  assert.equal(later?.sampled, true);
});

test("malformed traceparents are ignored, as the W3C spec says", () => {
  const bad = [
    `ff-${traceId}-${spanId}-01`, // version ff
    `00-${traceId}-${spanId}-01-extra`, // version 00 with more fields
    `00-${"0".repeat(32)}-${spanId}-01`, // zero trace id
    `00-${traceId}-${"0".repeat(16)}-01`, // zero span id
    `00-${traceId.toUpperCase()}-${spanId}-01`, // upper case
    `00-${traceId.slice(1)}-${spanId}-01`, // short
    `00-${traceId}-${spanId}-01, 00-${traceId}-${spanId}-01`, // two headers joined
    "",
  ];
  for (const traceparent of bad)
    assert.equal(readTraceContext(headers({ traceparent }), ["w3c"]), undefined, traceparent);
});

test("a tracestate that breaks the rules is dropped, the traceparent kept", () => {
  const read = readTraceContext(
    headers({ traceparent: `00-${traceId}-${spanId}-01`, tracestate: "Bad Key=1" }),
    ["w3c"],
  );
  assert.equal(read?.traceId, traceId);
  assert.equal(read?.traceState, undefined);
  const tooMany = Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(",");
  const many = readTraceContext(
    headers({ traceparent: `00-${traceId}-${spanId}-01`, tracestate: tooMany }),
    ["w3c"],
  );
  assert.equal(many?.traceState, undefined);
});

test("Jaeger's uber-trace-id is read (64-bit ids padded, %-encoded) and written", () => {
  const read = readTraceContext(headers({ "uber-trace-id": `${traceId}:${spanId}:0:1` }), [
    "jaeger",
  ]);
  assert.deepEqual(read, { traceId, spanId, sampled: true });
  const short = readTraceContext(headers({ "uber-trace-id": "abc%3Adef%3A0%3A0" }), ["jaeger"]);
  assert.deepEqual(short, {
    traceId: "abc".padStart(32, "0"),
    spanId: "def".padStart(16, "0"),
    sampled: false,
  });
  assert.equal(readTraceContext(headers({ "uber-trace-id": "0:1:0:1" }), ["jaeger"]), undefined);
  assert.deepEqual(traceHeaders({ traceId, spanId, sampled: true }, ["jaeger"]), {
    "uber-trace-id": `${traceId}:${spanId}:0:1`,
  });
});

test("formats are tried in order; both are written under w3c,jaeger", () => {
  const both = headers({
    traceparent: `00-${traceId}-${spanId}-01`,
    "uber-trace-id": `${"1".repeat(32)}:${"2".repeat(16)}:0:1`,
  });
  assert.equal(readTraceContext(both, ["w3c", "jaeger"])?.traceId, traceId);
  assert.equal(readTraceContext(both, ["jaeger", "w3c"])?.traceId, "1".repeat(32));
  assert.equal(readTraceContext(headers({}), ["w3c", "jaeger"]), undefined);
  assert.deepEqual(
    traceHeaders({ traceId, spanId, sampled: false, traceState: "a=b" }, ["w3c", "jaeger"]),
    {
      traceparent: `00-${traceId}-${spanId}-00`,
      tracestate: "a=b",
      "uber-trace-id": `${traceId}:${spanId}:0:0`,
    },
  );
});

test("Grafana's propagation setting: empty is w3c, unknown names are reported apart", () => {
  assert.deepEqual(parsePropagation(""), { formats: ["w3c"], unknown: [] });
  assert.deepEqual(parsePropagation(undefined), { formats: ["w3c"], unknown: [] });
  assert.deepEqual(parsePropagation("jaeger"), { formats: ["jaeger"], unknown: [] });
  assert.deepEqual(parsePropagation("w3c, jaeger,w3c"), {
    formats: ["w3c", "jaeger"],
    unknown: [],
  });
  assert.deepEqual(parsePropagation("b3"), { formats: ["w3c"], unknown: ["b3"] });
});
