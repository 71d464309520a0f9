/**
 * Upstream failures as Grafana's hosts see them: on protocol 2 each failing query carries
 * errorSource downstream and a 502/504 status, on protocol 1 the result's error text; the
 * other queries of the request answer and the plugin keeps serving the next request.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { closedPort, type FaultyServer, startFaultyServer } from "../simple-json-servers/faulty.js";
import { type Json, runHost, shim, v1Request, v2Request } from "./hosts.js";

let faulty: FaultyServer;
let closed = "";
before(async () => {
  faulty = await startFaultyServer();
  closed = `http://127.0.0.1:${await closedPort()}`;
});
after(async () => {
  await faulty.close();
});

const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;
const quick = { timeout: 1 };
const q = [{ refId: "A", target: "a" }];
const cases = (): [string, string, number, RegExp][] => [
  ["closed port", closed, 502, /POST \/query: connection refused/],
  ["stall", faulty.urlOf("stall"), 504, /no complete answer within 1000 ms \(timeout\)/],
  ["500", faulty.urlOf("status500"), 502, /POST \/query answered 500 Internal Server Error/],
  ["HTML", faulty.urlOf("html"), 502, /not JSON \(content-type text\/html\)/],
  ["healthy again", faulty.urlOf("ok"), 200, /^$/],
];

test("protocol 2: downstream errors per query, and the plugin keeps serving", async () => {
  const requests = cases().map(([, url]) => v2Request(url, "f", fromMs, toMs, q, quick));
  const report = await runHost("host-v2", shim, requests, ["-versions", "2"], cleanEnv());
  cases().forEach(([name, , status, pattern], i) => {
    const a = report.results[i].response.A as Json;
    assert.equal(a.status, status, name);
    assert.match(a.error, pattern, name);
    assert.equal(a.errorSource, status === 200 ? "" : "downstream", name);
  });
  assert.equal(report.pingOk, true);
});

test("protocol 1: the result's error, and the plugin keeps serving", async () => {
  const requests = cases().map(([, url]) => v1Request(url, fromMs, toMs, q, quick));
  const report = await runHost("host-v101", shim, requests, [], cleanEnv());
  cases().forEach(([name, , , pattern], i) => {
    const result = report.results[i].response.results[0] as Json;
    assert.equal(result.refId, "A");
    assert.match(result.error, pattern, name);
  });
  assert.equal(report.pingOk, true);
});
