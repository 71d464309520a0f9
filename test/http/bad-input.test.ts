/**
 * Every kind of bad input the gateway must refuse with a clear status and
 * message, and survive: tested against the built executable over real HTTP.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Answer, fixtures, get, post, type RunningGateway, startGateway } from "./gateway.js";
import { rawExchange, streamUpload } from "./raw-http.js";

let gw: RunningGateway;
const tsdb = () => `${gw.url}/api/tsdb/query`;
const ds = () => `${gw.url}/api/ds/query`;
const range = { from: "1700000000000", to: "1700000060000" };

before(async () => {
  gw = await startGateway([
    "--datasources",
    join(fixtures, "two-datasources.yaml"),
    "--body-limit",
    "1MiB",
    "--request-timeout-ms",
    "1500",
  ]);
});

after(async () => {
  assert.equal((await get(`${gw.url}/api/health`)).status, 200, "the gateway survived everything");
  assert.equal(await gw.stop(), 0);
});

function assertBad(answer: Answer, status: number, message: RegExp | string) {
  assert.equal(answer.status, status, JSON.stringify(answer.json));
  if (typeof message === "string") assert.equal(answer.json?.message, message);
  else assert.match(answer.json?.message ?? "", message);
}

describe("bodies that are not a JSON request", () => {
  test("non-JSON body", async () => {
    assertBad(await post(tsdb(), "{not json"), 400, /^request body is not valid JSON: /);
    assertBad(await post(ds(), "queries=A"), 400, /^request body is not valid JSON: /);
  });

  test("empty body", async () => {
    assertBad(await post(ds(), ""), 400, "request body is empty: send a JSON object");
  });

  test("wrong content types", async () => {
    const body = JSON.stringify({ ...range, queries: [{ datasourceId: 1 }] });
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const answer = await post(tsdb(), body, { "Content-Type": type });
      assertBad(answer, 400, `Content-Type must be application/json (got ${JSON.stringify(type)})`);
    }
    const latin1 = await post(tsdb(), body, {
      "Content-Type": "application/json; charset=iso-8859-1",
    });
    assertBad(latin1, 400, 'JSON bodies must be UTF-8 (got charset "iso-8859-1")');
  });

  test("invalid UTF-8", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"queries":[{"refId":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}]}'),
    ]);
    const answer = await fetch(tsdb(), {
      method: "POST",
      body: bytes,
      headers: { "Content-Type": "application/json" },
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(await answer.json(), { message: "request body is not valid UTF-8" });
  });

  test("a JSON value that is not an object", async () => {
    const answer = await post(ds(), [1, 2]);
    assertBad(
      answer,
      400,
      /^bad request data: \(body\): Invalid input: expected object, received array/,
    );
    assert.deepEqual(answer.json.errors, [
      { path: "(body)", message: "Invalid input: expected object, received array" },
    ]);
  });
});

describe("requests Grafana would refuse, with Grafana's messages", () => {
  test("no queries", async () => {
    assertBad(await post(tsdb(), { ...range, queries: [] }), 400, "No queries found in query");
    assertBad(await post(ds(), range), 400, "No queries found in query");
  });

  test("queries not an array", async () => {
    const answer = await post(tsdb(), { ...range, queries: { refId: "A", datasourceId: 1 } });
    assertBad(answer, 400, /^bad request data: queries: /);
    assert.equal(answer.json.errors[0].path, "queries");
    assert.match(answer.json.errors[0].message, /expected array, received object/);
  });

  test("missing datasource", async () => {
    assertBad(
      await post(tsdb(), { ...range, queries: [{ refId: "A" }] }),
      400,
      "Query missing datasourceId",
    );
    const answer = await post(ds(), {
      ...range,
      queries: [{ refId: "A", datasource: { uid: "demo-a" } }, { refId: "B" }],
    });
    assertBad(answer, 400, "Query missing data source ID/UID");
    assert.equal(answer.json.errors[0].path, "queries[1]");
  });

  test("unknown datasources", async () => {
    assertBad(
      await post(tsdb(), { ...range, queries: [{ datasourceId: 99 }] }),
      400,
      "Invalid data source ID",
    );
    assertBad(
      await post(ds(), { ...range, queries: [{ datasource: { uid: "nope" } }] }),
      400,
      "Invalid data source UID",
    );
    assertBad(
      await post(ds(), { ...range, queries: [{ datasourceId: 99 }] }),
      400,
      "Invalid data source ID",
    );
    const expr = await post(ds(), {
      ...range,
      queries: [{ datasource: { uid: "__expr__", type: "__expr__" } }],
    });
    assertBad(expr, 400, /is Grafana's own and not served by grafana-shim/);
  });

  test("mixed datasources in one request", async () => {
    const mixed = await post(ds(), {
      ...range,
      queries: [
        { refId: "A", datasource: { uid: "demo-a" } },
        { refId: "B", datasource: { uid: "demo-a" } },
        { refId: "C", datasource: { uid: "demo-b" } },
      ],
    });
    assertBad(mixed, 400, "All queries must use the same datasource");
    assert.deepEqual(mixed.json.errors, [
      {
        path: "queries[2]",
        message: 'uses datasource "demo-b", but queries[0] uses datasource "demo-a"',
      },
    ]);
    const legacy = await post(tsdb(), {
      ...range,
      queries: [{ datasourceId: 1 }, { datasourceId: 2 }],
    });
    assertBad(legacy, 400, "All queries must use the same datasource");
    // The same datasource named by uid, name and id is not mixed.
    const same = await post(ds(), {
      ...range,
      queries: [
        { refId: "A", datasource: { uid: "demo-b" } },
        { refId: "B", datasource: "Demo B" },
        { refId: "C", datasourceId: 2 },
      ],
    });
    assert.equal(same.status, 200, same.text);
  });

  test("numbers as strings", async () => {
    const answer = await post(tsdb(), {
      from: 1700000000000,
      to: "now",
      queries: [{ refId: "A", datasourceId: "1", maxDataPoints: "100", intervalMs: "1000" }],
    });
    assertBad(
      answer,
      400,
      /^bad request data: from: Invalid input: expected string, received number; /,
    );
    assert.deepEqual(
      answer.json.errors.map((e: { path: string }) => e.path),
      ["from", "queries[0].maxDataPoints", "queries[0].intervalMs", "queries[0].datasourceId"],
    );
    assert.match(answer.json.errors[1].message, /expected number, received string/);
  });

  test("unparsable time ranges name the field", async () => {
    const answer = await post(tsdb(), {
      from: "now-6x",
      to: "now",
      queries: [{ datasourceId: 1 }],
    });
    assertBad(answer, 400, /^from: cannot read "now-6x" as a time/);
    assert.deepEqual(
      answer.json.errors.map((e: { path: string }) => e.path),
      ["from"],
    );
    const to = await post(ds(), {
      from: "now-1h",
      to: "yesterday",
      queries: [{ datasourceId: 1 }],
    });
    assertBad(to, 400, /^to: cannot read "yesterday" as a time/);
  });

  test("10 000 queries", async () => {
    const queries = Array.from({ length: 10_000 }, (_, i) => ({ refId: `Q${i}`, datasourceId: 1 }));
    const answer = await post(tsdb(), { ...range, queries });
    assertBad(
      answer,
      400,
      "bad request data: queries: too many queries: at most 1000 in one request",
    );
  });

  test("deeply nested model JSON", async () => {
    const depth = 10_000;
    const body = `{"queries":[{"refId":"A","datasourceId":1,"model":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}]}`;
    const answer = await post(ds(), body);
    assertBad(
      answer,
      400,
      /^bad request data: queries\[0\]\.model(\.a){61}: JSON nested deeper than 64 levels$/,
    );
  });

  test("unknown routes and methods", async () => {
    assertBad(await get(`${gw.url}/api/nothing`), 404, "Not found");
    assertBad(await get(`${gw.url}/api/tsdb/query`), 404, "Not found");
  });
});

describe("uploads over the body limit", () => {
  test("a declared 1 GiB body is refused before it is read", async () => {
    const result = await streamUpload(tsdb(), 2 ** 30, { "Content-Length": String(2 ** 30) });
    assert.equal(result.status, 413);
    assert.deepEqual(JSON.parse(result.body), {
      message: "request body too large: the limit is 1048576 bytes",
    });
    assert.ok(result.sent < 64 * 2 ** 20, `the client sent ${result.sent} bytes`);
  });

  test("a streamed (chunked) 1 GiB body is cut off at the limit", async () => {
    const result = await streamUpload(ds(), 2 ** 30);
    assert.equal(result.status, 413);
    assert.deepEqual(JSON.parse(result.body), {
      message: "request body too large: the limit is 1048576 bytes",
    });
    assert.ok(result.sent < 64 * 2 ** 20, `the client sent ${result.sent} bytes`);
  });
});

describe("slow clients", () => {
  test("a body that never completes gets 408 and a closed connection", async () => {
    const head = `POST /api/ds/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const answer = await rawExchange(gw.url, [head, '{"queries":', 5000, "[]}"]);
    assert.match(answer.text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.match(
      answer.text,
      /\r\n\r\n\{"message":"Request timeout: the request was not received within 1500 ms"\}$/,
    );
    assert.ok(answer.closedAfterMs < 4500, `closed after ${answer.closedAfterMs} ms`);
  });

  test("headers sent one byte at a time get 408", async () => {
    const head = "POST /api/ds/query HTTP/1.1\r\nHost: x\r\n";
    const parts = [...head].flatMap((c) => [c, 20]);
    const answer = await rawExchange(gw.url, [...parts, 5000]);
    assert.match(answer.text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  test("malformed HTTP gets 400", async () => {
    const answer = await rawExchange(gw.url, ["NOT HTTP AT ALL\r\n\r\n"]);
    assert.match(
      answer.text,
      /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"message":"Malformed HTTP request/,
    );
  });
});
