/**
 * A cancelled query stops its upstream call at once, whether the server has not answered yet
 * or is still sending the body; the call's own deadline does the same with a 504 naming the route.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closePools } from "../../src/backends/simplejson/pools.js";
import { upstreamSettingsOf } from "../../src/backends/simplejson/settings.js";
import { callUpstream, UpstreamError } from "../../src/backends/simplejson/upstream-call.js";
import { createLogger } from "../../src/log/logger.js";
import { type FaultyServer, startFaultyServer } from "../simple-json-servers/faulty.js";
import { datasource } from "./requests.js";

const log = createLogger({ level: "off", module: "test" });
const query = { method: "POST", route: "/query", body: "{}" } as const;

let faulty: FaultyServer;
before(async () => {
  faulty = await startFaultyServer();
});
after(async () => {
  await closePools();
  await faulty.close();
});

/** The call's outcome and how long it took to come. */
async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await promise;
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe("stopping an upstream call", () => {
  for (const fault of ["stall", "slowloris"] as const) {
    test(`a cancelled query ends its call at once with the cancellation (${fault})`, async () => {
      const settings = upstreamSettingsOf(datasource(faulty.urlOf(fault)));
      const reason = new Error("the host cancelled");
      const signal = AbortSignal.timeout(300);
      const cancelled = new AbortController();
      signal.addEventListener("abort", () => cancelled.abort(reason));
      const { error, ms } = await timed(
        callUpstream(settings, query, { signal: cancelled.signal, log }),
      );
      assert.equal(error, reason);
      assert.ok(ms < 3000, `${ms} ms`);
    });
  }

  test("a query cancelled before the call asks nothing and ends with the cancellation", async () => {
    const settings = upstreamSettingsOf(datasource(faulty.urlOf("stall")));
    const reason = new Error("gone already");
    const { error } = await timed(
      callUpstream(settings, query, { signal: AbortSignal.abort(reason), log }),
    );
    assert.equal(error, reason);
  });

  test("the call's deadline ends a body that trickles in: a 504 naming the route", async () => {
    const settings = upstreamSettingsOf(datasource(faulty.urlOf("slowloris")));
    const { error, ms } = await timed(
      callUpstream(settings, query, {
        signal: new AbortController().signal,
        log,
        deadline: Date.now() + 1500,
      }),
    );
    assert.ok(error instanceof UpstreamError, String(error));
    assert.equal(error.status, 504);
    assert.match(
      error.message,
      /^Simple JSON server POST \/query: no complete answer within \d+ ms \(timeout\)$/,
    );
    assert.ok(ms < 4000, `${ms} ms`);
  });

  test("after a stopped call the pool still answers", async () => {
    const settings = upstreamSettingsOf(datasource(faulty.urlOf("ok")));
    const answer = await callUpstream(settings, query, {
      signal: new AbortController().signal,
      log,
    });
    assert.equal(answer.status, 200);
    assert.match(Buffer.from(answer.body).toString("utf8"), /"fine"/);
  });
});
