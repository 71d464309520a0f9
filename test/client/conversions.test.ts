/**
 * The client-direction conversions, checked as round trips through the real
 * protobuf encoding against the server-direction ones: every field of a request
 * a host sends arrives in the plugin's model, and every cell kind and frame of
 * an answer comes back as the plugin gave it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataRequest, DataResponse } from "../../src/model/data.js";
import type { LegacyRequest, LegacyResult } from "../../src/model/legacy.js";
import { protoRoot } from "../../src/protocol/grpc/proto-root.js";
import { legacyRequestFromProto } from "../../src/protocol/v1/convert-request.js";
import { legacyRequestToProto } from "../../src/protocol/v1/convert-request-out.js";
import { queryResultToProto } from "../../src/protocol/v1/convert-result.js";
import { legacyResponseFromProto } from "../../src/protocol/v1/convert-result-in.js";
import { dataRequestFromProto } from "../../src/protocol/v2/convert-request.js";
import { dataRequestToProto } from "../../src/protocol/v2/convert-request-out.js";
import { dataResponseToProto, frameEncodersReady } from "../../src/protocol/v2/convert-response.js";
import {
  dataResponseFromProto,
  frameDecodersReady,
} from "../../src/protocol/v2/convert-response-in.js";

/** Encoded and decoded with the project's proto, as the other side reads it. */
function wire<T>(file: string, type: string, message: unknown): T {
  const t = protoRoot(file).lookupType(type);
  return t.decode(t.encode(message as object).finish()) as unknown as T;
}

test("protocol 1: a request, every field set, arrives whole", () => {
  const request: LegacyRequest = {
    timeRange: { fromRaw: "now-6h", toRaw: "now", fromMs: 1555324640782, toMs: 1555346240782 },
    datasource: {
      id: 7,
      orgId: 3,
      name: "ds",
      type: "my-ds",
      url: "http://x",
      jsonData: { a: [1, { b: true }] },
      decryptedSecureJsonData: { k: "v" },
    },
    queries: [
      { refId: "A", maxDataPoints: 500, intervalMs: 15000, model: { expr: "up", n: 1.5 } },
      { refId: "B", maxDataPoints: 0, intervalMs: 0, model: {} },
    ],
  };
  const back = legacyRequestFromProto(
    wire("legacy/datasource.proto", "models.DatasourceRequest", legacyRequestToProto(request)),
  );
  assert.deepEqual(back.rejected, []);
  assert.deepEqual(back.request, request);
});

test("protocol 1: results keep every cell kind, NaN points, meta and errors", () => {
  const results: LegacyResult[] = [
    {
      refId: "A",
      meta: { rows: 2, nested: { x: [1] } },
      series: [
        {
          name: "s",
          tags: { host: "a" },
          points: [
            [1.5, 1000],
            [Number.NaN, 2000],
          ],
        },
      ],
      tables: [
        {
          columns: [
            { text: "d" },
            { text: "i" },
            { text: "b" },
            { text: "s" },
            { text: "x" },
            { text: "n" },
          ],
          rows: [[0.25, -9223372036854775808n, false, "ü", new Uint8Array([0, 255]), null]],
        },
      ],
    },
    { refId: "B", error: "failed", series: [], tables: [] },
  ];
  const wired = results.map((r) => queryResultToProto(r, { nullPoints: "nan" }));
  const back = legacyResponseFromProto(
    wire("legacy/datasource.proto", "models.DatasourceResponse", { results: wired }),
  );
  const plain = (r: LegacyResult) => ({
    ...r,
    tables: r.tables?.map((t) => ({
      ...t,
      rows: t.rows.map((row) => row.map((c) => (c instanceof Uint8Array ? [...c] : c))),
    })),
  });
  assert.deepEqual(back.map(plain), results.map(plain));
});

test("protocol 1: a cell kind Grafana cannot read is named as Grafana names it", () => {
  assert.throws(
    () =>
      legacyResponseFromProto({
        results: [
          {
            refId: "A",
            error: "",
            metaJson: "",
            series: [],
            tables: [{ columns: [{ name: "c" }], rows: [{ values: [{ kind: 9 }] }] }],
          },
        ],
      }),
    /Unsupported row value 9 from plugin/,
  );
});

test("protocol 1: unparsable meta is dropped with a warning, as Grafana does", () => {
  const warnings: string[] = [];
  const [result] = legacyResponseFromProto(
    { results: [{ refId: "A", error: "", metaJson: "{oops", series: [], tables: [] }] },
    (m) => warnings.push(m),
  );
  assert.equal(result?.meta, undefined);
  assert.match(warnings[0] ?? "", /metaJson is not JSON/);
});

test("protocol 2: a request, every field set, arrives whole", () => {
  const request: DataRequest = {
    pluginContext: {
      orgId: 2,
      pluginId: "my-ds",
      pluginVersion: "1.2.3",
      user: { login: "l", name: "n", email: "e", role: "Admin" },
      datasource: {
        id: 9,
        uid: "u",
        name: "ds",
        type: "my-ds",
        url: "http://x",
        user: "dbu",
        database: "db",
        basicAuthEnabled: true,
        basicAuthUser: "bu",
        jsonData: { a: 1 },
        decryptedSecureJsonData: { k: "v" },
        updatedMs: 1700000000000,
        apiVersion: "v1",
      },
      app: {
        jsonData: { app: true },
        decryptedSecureJsonData: { s: "t" },
        updatedMs: 1700000000001,
        apiVersion: "v2",
      },
      grafanaConfig: { GF_X: "1" },
      userAgent: "Grafana/11.3.0 (linux; amd64)",
      apiVersion: "api",
      namespace: "default",
    },
    headers: { http_X: "y" },
    format: "json",
    queries: [
      {
        refId: "A",
        queryType: "metrics",
        maxDataPoints: 100,
        intervalMs: 1000,
        timeRange: { fromMs: 1, toMs: 2 },
        json: { expr: "up" },
      },
    ],
  };
  const back = dataRequestFromProto(
    wire("v2/backend.proto", "pluginv2.QueryDataRequest", dataRequestToProto(request)),
  );
  assert.deepEqual(back.rejected, []);
  assert.deepEqual(back.request, request);
});

test("protocol 2: frames come back decoded, Arrow or JSON; status and errors kept", async () => {
  await Promise.all([frameEncodersReady(), frameDecodersReady()]);
  const response: DataResponse = {
    status: 502,
    error: "upstream",
    errorSource: "downstream",
    frames: [
      {
        name: "f",
        refId: "A",
        fields: [{ name: "v", type: "int64", nullable: true, values: [9007199254740993n, null] }],
      },
    ],
  };
  for (const format of ["arrow", "json"] as const) {
    const back = dataResponseFromProto(
      wire("v2/backend.proto", "pluginv2.DataResponse", dataResponseToProto("A", response, format)),
    );
    assert.equal(back.status, 502);
    assert.equal(back.error, "upstream");
    assert.equal(back.errorSource, "downstream");
    assert.deepEqual(Array.from(back.frames[0]?.fields[0]?.values ?? []), [
      9007199254740993n,
      null,
    ]);
  }
});

test("protocol 2: a frame that does not decode makes that response an error", () => {
  const back = dataResponseFromProto({
    frames: [new Uint8Array([1, 2, 3])],
    status: 200,
    format: 0,
  });
  assert.equal(back.status, 500);
  assert.match(String(back.error), /frame 0 from the plugin does not decode/);
});
