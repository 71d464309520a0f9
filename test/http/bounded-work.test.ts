/**
 * No request makes the gateway do unbounded work, against the built executable over real
 * HTTP: the demo caps its points per series and says so; a deadline ends queries whose work
 * runs past it while other requests are served; answers beyond the answer budget fail one by
 * one with a clear error while the others are answered.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { get, post, type RunningGateway, startGateway } from "./gateway.js";

/** The request that ran the default gateway out of memory: a year at one point per second. */
const yearAtFullResolution = {
  from: "now-1y",
  to: "now",
  queries: [{ refId: "A", datasourceId: 1, maxDataPoints: 1e12, series: 5 }],
};

describe("the demo's points per series are capped, and its answer says so", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway();
  });
  after(async () => assert.equal(await gw.stop(), 0));

  test("/api/tsdb/query: 10 000 points a series and a notice in the result's meta", async () => {
    const answer = await post(`${gw.url}/api/tsdb/query`, yearAtFullResolution);
    assert.equal(answer.status, 200);
    const a = answer.json.results.A;
    assert.equal(a.series.length, 5);
    for (const series of a.series) assert.ok(series.points.length <= 10_000, series.points.length);
    assert.ok(a.series[0].points.length > 9_000);
    assert.match(
      a.meta.notices[0].text,
      /^demo data has at most 10000 points per series: the step is 3153\d\d\d ms instead of the 1000 ms the query asked for$/,
    );
    assert.equal(a.meta.notices[0].severity, "warning");
  });

  test("/api/ds/query: the same cap, as a notice of the first frame", async () => {
    const request = {
      ...yearAtFullResolution,
      queries: [{ ...yearAtFullResolution.queries[0], datasource: { uid: "demo" } }],
    };
    const answer = await post(`${gw.url}/api/ds/query`, request);
    assert.equal(answer.status, 200);
    const frames = answer.json.results.A.frames;
    assert.equal(frames.length, 5);
    for (const frame of frames) assert.ok(frame.data.values[0].length <= 10_000);
    assert.match(frames[0].schema.meta.notices[0].text, /at most 10000 points per series/);
  });

  test("a query within the cap has no notice", async () => {
    const answer = await post(`${gw.url}/api/tsdb/query`, {
      from: "now-1h",
      to: "now",
      queries: [{ refId: "A", datasourceId: 1, maxDataPoints: 1000 }],
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.results.A.meta, undefined);
  });
});

describe("--timeout-ms ends queries whose work runs past it", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(["--timeout-ms", "1000"]);
  });
  after(async () => assert.equal(await gw.stop(), 0));

  test("of 200 synchronous demo queries, those past the deadline time out; /api/health is served meanwhile", async () => {
    // About 10 M points: seconds of work when nothing stops it. The first query is small, so it
    // is answered within the deadline however busy the machine is.
    const queries = Array.from({ length: 200 }, (_, i) => ({
      refId: `Q${i}`,
      datasourceId: 1,
      maxDataPoints: i === 0 ? 10 : 10_000,
      series: i === 0 ? 1 : 5,
    }));
    const started = Date.now();
    const big = post(`${gw.url}/api/tsdb/query`, { from: "now-7d", to: "now", queries }).then(
      (answer) => ({ answer, ms: Date.now() - started }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await get(`${gw.url}/api/health`);
    const healthMs = Date.now() - started;
    const { answer, ms } = await big;
    assert.equal(health.status, 200);
    const results = Object.values(answer.json.results) as { error?: string }[];
    const timedOut = results.filter((r) => r.error === "query timed out after 1000 ms");
    assert.equal(answer.status, 400, "a failed query makes the answer 400, as Grafana's");
    assert.ok(timedOut.length > 0, "some queries time out");
    assert.equal(answer.json.results.Q0.error, undefined, "the small first query is answered");
    assert.ok(timedOut.length < 200, "the first ones are answered");
    assert.equal(answer.json.message, "query timed out after 1000 ms");
    assert.ok(ms < 10_000, `the request ended ${ms} ms after it started`);
    assert.ok(healthMs < 3_000, `/api/health answered ${healthMs} ms after the big request began`);
  });
});

describe("--answer-budget-mib: queries past the budget fail, the others are answered", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(["--answer-budget-mib", "2"]);
  });
  after(async () => assert.equal(await gw.stop(), 0));

  // Each answer is about 1.2 MiB as tsdb JSON and 0.8 MiB as frame JSON.
  const queries = Array.from({ length: 6 }, (_, i) => ({
    refId: `Q${i}`,
    datasourceId: 1,
    datasource: { uid: "demo" },
    maxDataPoints: 10_000,
    series: 5,
  }));
  const budgetError =
    /^the answer is too large: the answers of one request may take 2\.0 MiB in all \(GRAFANA_SHIM_ANSWER_BUDGET_MIB\), the other queries took [\d.]+ MiB and this one needs more than [\d.]+ MiB; ask for less data/;

  for (const route of ["tsdb", "ds"] as const) {
    test(`/api/${route}/query`, async () => {
      const answer = await post(`${gw.url}/api/${route}/query`, {
        from: "now-7d",
        to: "now",
        queries,
      });
      assert.equal(answer.status, 400);
      const results = Object.values(answer.json.results) as Record<string, unknown>[];
      const failed = results.filter((r) => typeof r.error === "string");
      const answered = results.filter((r) => r.error === undefined);
      assert.ok(answered.length >= 1 && answered.length <= 2, `${answered.length} answered`);
      assert.equal(failed.length, 6 - answered.length);
      for (const r of failed) {
        assert.match(r.error as string, budgetError);
        if (route === "ds") assert.deepEqual([r.status, r.errorSource], [413, "plugin"]);
      }
      assert.ok(answer.text.length <= 2 * 1024 * 1024 + 10_000, `${answer.text.length} bytes`);
    });
  }
});
