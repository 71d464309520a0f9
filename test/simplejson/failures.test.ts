/**
 * Every upstream failure provoked for real, each the error of its own query with errorSource
 * downstream and a message naming the route and the status, while other queries still answer:
 * a closed port, a stalling server, 500, HTML, a redirect loop, a 100 MB body, deeply nested
 * JSON, timestamps and NaN as strings, rows wider than columns, a wrong shape, a slowloris.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleJsonHandler as handler } from "../../src/backends/simplejson/handler.js";
import { closePools } from "../../src/backends/simplejson/pools.js";
import { answerDataQueries } from "../../src/handler/data-queries.js";
import {
  closedPort,
  type FaultyServer,
  type faults,
  startFaultyServer,
} from "../simple-json-servers/faulty.js";
import { dataQuery, dataRequest, datasource, log } from "./requests.js";

let faulty: FaultyServer;
before(async () => {
  faulty = await startFaultyServer();
});
after(async () => {
  await Promise.all([faulty.close(), closePools()]);
});

/** One second of patience, so the stalling cases stay quick. */
const quick = { timeout: 1 };

async function failure(url: string, jsonData: Record<string, unknown> = quick) {
  const started = Date.now();
  const answer = await handler.queryData(dataQuery({ target: "a" }), {
    request: dataRequest(datasource(url, { jsonData }), []),
    signal: new AbortController().signal,
    log,
  });
  return { ...answer, ms: Date.now() - started };
}

const expected: [keyof typeof faults, number, RegExp][] = [
  ["stall", 504, /POST \/query: no complete answer within 1000 ms \(timeout\)/],
  ["slowloris", 504, /POST \/query: no complete answer within 1000 ms \(timeout\)/],
  [
    "status500",
    502,
    /POST \/query answered 500 Internal Server Error: \{"message":"database is down"\}/,
  ],
  [
    "html",
    502,
    /POST \/query answered 200 with a body that is not JSON \(content-type text\/html\).*Welcome to nginx/,
  ],
  ["redirect-loop", 502, /POST \/query: more than 5 redirects \(a redirect loop\?\)/],
  ["huge", 502, /POST \/query: the answer is larger than 67108864 bytes .*cut off/],
  ["deep", 502, /POST \/query answered 200 with JSON nested deeper than 64 levels/],
  [
    "string-times",
    502,
    /unexpected shape: \[0\]\.datapoints\[0\]\[1\]: the timestamp must be a number, not the string "1500000000000" \(timestamps are epoch milliseconds/,
  ],
  [
    "nan-string",
    502,
    /unexpected shape: \[0\]\.datapoints\[0\]\[0\]: the value must be a number or null, not the string "NaN"/,
  ],
  ["wide-rows", 502, /unexpected shape: \[0\]\.rows\[0\]: has 2 cells but the table has 1 columns/],
  [
    "wrong-shape",
    502,
    /unexpected shape: the answer must be an array of time series and tables, not an object/,
  ],
];

describe("upstream failures are the query's error, errorSource downstream", () => {
  for (const [fault, status, pattern] of expected) {
    test(fault, async () => {
      // Reading 64 MiB may take over a second on a busy machine: the size limit must win.
      const answer = await failure(faulty.urlOf(fault), fault === "huge" ? { timeout: 30 } : quick);
      assert.match(answer.error ?? "", /^Simple JSON server /);
      assert.match(answer.error ?? "", pattern);
      assert.equal(answer.status, status);
      assert.equal(answer.errorSource, "downstream");
      assert.deepEqual(answer.frames, []);
      assert.ok(answer.ms < 5000, `answered in ${answer.ms} ms`);
    });
  }

  test("a closed port", async () => {
    const answer = await failure(`http://127.0.0.1:${await closedPort()}`);
    assert.match(
      answer.error ?? "",
      /POST \/query: connection refused: is the Simple JSON server running at the datasource URL\? \(ECONNREFUSED\)/,
    );
    assert.equal(answer.errorSource, "downstream");
    assert.equal(answer.status, 502);
  });

  test("a smaller body limit cuts off earlier; the default timeout is 30 s", async () => {
    const answer = await failure(faulty.urlOf("huge"), { maxResponseMiB: 1, timeout: 30 });
    assert.match(answer.error ?? "", /larger than 1048576 bytes/);
    assert.ok(answer.ms < 3000);
  });

  test("a bad timeout setting is the plugin's error", async () => {
    const answer = await failure(faulty.urlOf("ok"), { timeout: "soon" });
    assert.match(answer.error ?? "", /jsonData\.timeout must be a positive number, not "soon"/);
    assert.equal(answer.errorSource, "plugin");
  });

  test("the other queries of the request still answer", async () => {
    const request = dataRequest(datasource(faulty.urlOf("ok"), { jsonData: quick }), [
      dataQuery({ refId: "A", target: "a" }),
      dataQuery({ refId: "B", target: 7 }),
    ]);
    const [a, b] = await answerDataQueries(handler, request, log, {
      concurrency: 4,
      timeoutMs: 5000,
    });
    assert.equal(a?.error, undefined);
    assert.equal(a?.frames[0]?.fields[1]?.name, "fine");
    assert.match(b?.error ?? "", /target must be a string/);
  });

  test("redirects keep credentials on the same origin and drop them on another", async () => {
    const withAuth = { ...quick, httpHeaderName1: "Authorization" };
    const secure = { httpHeaderValue1: "Bearer secret" };
    const ask = async (fault: "redirect-here" | "redirect-away") => {
      const answer = await handler.queryData(dataQuery({ target: "a" }), {
        request: dataRequest(
          datasource(faulty.urlOf(fault), { jsonData: withAuth, decryptedSecureJsonData: secure }),
          [],
        ),
        signal: new AbortController().signal,
        log,
      });
      return answer.frames?.[0]?.fields[1]?.name;
    };
    assert.equal(await ask("redirect-here"), "auth=Bearer secret");
    assert.equal(await ask("redirect-away"), "auth=none");
  });

  test("the server keeps being usable after every failure (the pool recovers)", async () => {
    const answer = await failure(faulty.urlOf("ok"));
    assert.equal(answer.error, undefined);
  });
});
