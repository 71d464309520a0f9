/**
 * Both query routes against the built executable over real HTTP, read by real
 * consumers (@grafana/data), with a legacy handler (the built-in demo) and a
 * frames handler (test/handlers/echo-frames): the same query through
 * /api/tsdb/query and /api/ds/query must give the same data.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { arrowToDataFrame, columns, dataFrameFromJSON } from "./consumers.js";
import { post, type RunningGateway, startGateway } from "./gateway.js";
import { fromFrames, fromLegacy } from "./same-data.js";

const range = { from: "1700000000000", to: "1700000600000" };

describe("a legacy handler: the built-in demo", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(["--max-queries", "10000"]);
  });
  after(async () => assert.equal(await gw.stop(), 0));

  const queries = [
    { refId: "A", datasourceId: 1, datasource: { uid: "demo", type: "grafana-shim" }, series: 3 },
    {
      refId: "T",
      datasourceId: 1,
      datasource: { uid: "demo", type: "grafana-shim" },
      format: "table",
    },
  ];

  test("/api/tsdb/query answers the legacy shape that toDataFrame reads", async () => {
    const answer = await post(`${gw.url}/api/tsdb/query`, { ...range, queries });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-type") ?? "", /^application\/json/);
    const a = answer.json.results.A;
    assert.equal(a.refId, "A");
    assert.equal(a.tables, null, "tables is null when there are none, as Grafana wrote it");
    assert.deepEqual(
      a.series.map((s: { name: string }) => s.name),
      ["demo.sine", "demo.cosine", "demo.sawtooth"],
    );
    assert.deepEqual(a.series[0].tags, { source: "grafana-shim", wave: "sine" });
    const reduced = fromLegacy(a);
    const times = reduced.series[0]?.times as number[];
    assert.equal(times.length, 100, "maxDataPoints 100 by default: 6 s steps over 10 minutes");
    assert.equal(times[1]! - times[0]!, 6000);
    const table = fromLegacy(answer.json.results.T).tables[0];
    assert.deepEqual(
      table?.map((c) => c.name),
      ["wave", "points", "last", "healthy"],
    );
    assert.deepEqual(table?.[1]?.values, [100, 100], "int64 cells arrive as numbers");
  });

  test("/api/ds/query answers frames JSON that dataFrameFromJSON reads", async () => {
    const answer = await post(`${gw.url}/api/ds/query`, { ...range, queries });
    assert.equal(answer.status, 200);
    const a = answer.json.results.A;
    assert.equal(a.status, 200);
    assert.equal(a.frames.length, 3);
    const frame = dataFrameFromJSON(a.frames[0]);
    assert.equal(frame.refId, "A");
    assert.deepEqual(
      columns(frame).map((c) => [c.name, c.type]),
      [
        ["time", "time"],
        ["demo.sine", "number"],
      ],
    );
  });

  test("the same query through both routes gives the same data", async () => {
    const legacy = await post(`${gw.url}/api/tsdb/query`, { ...range, queries });
    const frames = await post(`${gw.url}/api/ds/query`, { ...range, queries });
    for (const refId of ["A", "T"]) {
      assert.deepEqual(
        fromFrames(frames.json.results[refId]),
        fromLegacy(legacy.json.results[refId]),
        refId,
      );
    }
  });

  test("10 000 queries in one request are all answered", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      refId: `Q${i}`,
      datasourceId: 1,
      series: 1,
    }));
    const started = Date.now();
    const answer = await post(`${gw.url}/api/tsdb/query`, {
      from: "1700000000000",
      to: "1700000000000",
      queries: many,
    });
    assert.equal(answer.status, 200);
    assert.equal(Object.keys(answer.json.results).length, 10_000);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });
});

describe("a frames handler: echo-frames", () => {
  let gw: RunningGateway;
  let arrow: RunningGateway;
  before(async () => {
    gw = await startGateway(["--handler", "dist/test/handlers/echo-frames.js"]);
    arrow = await startGateway([
      "--handler",
      "dist/test/handlers/echo-frames.js",
      "--tsdb-dataframes",
      "also",
    ]);
  });
  after(async () => {
    assert.equal(await gw.stop(), 0);
    assert.equal(await arrow.stop(), 0);
  });

  const generated = {
    generate: [
      {
        name: "cpu",
        rows: 20,
        fields: [{ type: "time" }, { type: "float64", name: "load", nullable: true }],
      },
      { name: "tbl", rows: 3, fields: [{ type: "string" }, { type: "int64" }, { type: "bool" }] },
    ],
  };
  const queries = [
    { refId: "A", datasource: { uid: "echo-frames" }, datasourceId: 1, answer: generated },
  ];

  test("its frames become series and tables on /api/tsdb/query, the same data as on /api/ds/query", async () => {
    const legacy = await post(`${gw.url}/api/tsdb/query`, { ...range, queries });
    const frames = await post(`${gw.url}/api/ds/query`, { ...range, queries });
    assert.equal(legacy.status, 200, legacy.text);
    assert.equal(frames.status, 200, frames.text);
    assert.equal(legacy.json.results.A.dataframes, undefined);
    const viaLegacy = fromLegacy(legacy.json.results.A);
    assert.equal(viaLegacy.series.length, 1);
    assert.equal(viaLegacy.tables.length, 1);
    assert.deepEqual(
      viaLegacy.series[0]?.values.slice(8, 10),
      [-998, null],
      "null points stay null",
    );
    assert.deepEqual(fromFrames(frames.json.results.A), viaLegacy);
  });

  test("--tsdb-dataframes also adds base64 Arrow that @grafana/data 7.5 reads", async () => {
    const legacy = await post(`${arrow.url}/api/tsdb/query`, { ...range, queries });
    const frames = await post(`${arrow.url}/api/ds/query`, { ...range, queries });
    const a = legacy.json.results.A;
    assert.equal(a.series.length, 1, "series stay beside the Arrow frames");
    assert.equal(a.dataframes.length, 2);
    a.dataframes.forEach((base64: string, i: number) => {
      const fromArrow = arrowToDataFrame(base64);
      assert.equal(fromArrow.refId, "A");
      const fromJSON = dataFrameFromJSON(frames.json.results.A.frames[i]);
      assert.deepEqual(
        columns(fromArrow).map((c) => c.values.map(Number)),
        columns(fromJSON).map((c) => c.values.map(Number)),
      );
    });
  });

  test("Grafana's defaults go into the query fields; the model is the query as posted; queryType only on /api/ds/query", async () => {
    const query = {
      datasourceId: 1,
      datasource: "echo-frames",
      queryType: "metrics",
      custom: { a: [1, "x"] },
      answer: { echo: true },
    };
    for (const route of ["tsdb", "ds"]) {
      const answer = await post(`${gw.url}/api/${route}/query`, {
        from: "now-1h",
        to: "now",
        queries: [query],
      });
      assert.equal(answer.status, 200, answer.text);
      const frames = route === "ds" ? answer.json.results.A.frames : undefined;
      const echo = frames ? frames[0].schema.meta.custom : answer.json.results.A.meta;
      assert.equal(echo.refId, "A");
      assert.equal(echo.maxDataPoints, 100);
      assert.equal(echo.intervalMs, 1000);
      assert.deepEqual(echo.json, query);
      assert.equal(echo.queryType, route === "ds" ? "metrics" : "", route);
      assert.ok(Math.abs(echo.timeRange.toMs - echo.timeRange.fromMs - 3_600_000) < 1000);
      assert.equal(echo.pluginContext.datasource.uid, "echo-frames");
    }
  });

  test("per-query errors: status, error and errorSource on /api/ds/query, message and 400 on /api/tsdb/query", async () => {
    const failing = [
      { refId: "A", datasourceId: 1, answer: { generate: generated.generate.slice(0, 1) } },
      {
        refId: "B",
        datasourceId: 1,
        answer: { error: "upstream said no", status: 502, errorSource: "downstream" },
      },
    ];
    const frames = await post(`${gw.url}/api/ds/query`, { ...range, queries: failing });
    assert.equal(frames.status, 400);
    assert.equal(frames.json.results.A.status, 200);
    assert.deepEqual(frames.json.results.B, {
      error: "upstream said no",
      errorSource: "downstream",
      status: 502,
    });
    const legacy = await post(`${gw.url}/api/tsdb/query`, { ...range, queries: failing });
    assert.equal(legacy.status, 400);
    assert.equal(legacy.json.message, "upstream said no");
    assert.equal(legacy.json.results.B.error, "upstream said no");
    assert.equal(legacy.json.results.A.series.length, 1);
  });
});

describe("a legacy handler that fails: echo-legacy", () => {
  let gw: RunningGateway;
  let multi: RunningGateway;
  before(async () => {
    gw = await startGateway(["--handler", "dist/test/handlers/echo-legacy.js"]);
    multi = await startGateway([
      "--handler",
      "dist/test/handlers/echo-legacy.js",
      "--multi-status",
    ]);
  });
  after(async () => {
    assert.equal(await gw.stop(), 0);
    assert.equal(await multi.stop(), 0);
  });

  const queries = [
    {
      refId: "A",
      datasourceId: 1,
      answer: { series: [{ name: "x", points: [[1, 1700000000000]] }] },
    },
    { refId: "B", datasourceId: 1, answer: { throw: "database on fire" } },
  ];

  test("/api/tsdb/query: 400, the result's error and a top-level message", async () => {
    const answer = await post(`${gw.url}/api/tsdb/query`, { ...range, queries });
    assert.equal(answer.status, 400);
    assert.equal(answer.json.message, "database on fire");
    assert.deepEqual(answer.json.results.B, {
      error: "database on fire",
      refId: "B",
      series: [],
      tables: null,
    });
    assert.deepEqual(answer.json.results.A.series, [{ name: "x", points: [[1, 1700000000000]] }]);
  });

  test("/api/ds/query: 400, or 207 with --multi-status", async () => {
    const answer = await post(`${gw.url}/api/ds/query`, { ...range, queries });
    assert.equal(answer.status, 400);
    assert.equal(answer.json.results.A.status, 200);
    assert.equal(answer.json.results.B.error, "database on fire");
    assert.equal(answer.json.results.B.errorSource, "plugin");
    assert.equal(answer.json.results.B.status, 500);
    assert.equal((await post(`${multi.url}/api/ds/query`, { ...range, queries })).status, 207);
  });

  test("a slow query answers with a timeout error, not a hung request", async () => {
    const slow = await startGateway([
      "--handler",
      "dist/test/handlers/echo-legacy.js",
      "--timeout-ms",
      "300",
    ]);
    try {
      const answer = await post(`${slow.url}/api/tsdb/query`, {
        ...range,
        queries: [{ refId: "A", datasourceId: 1, answer: { sleepMs: 5000 } }],
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.json.results.A.error, "query timed out after 300 ms");
    } finally {
      await slow.stop();
    }
  });
});
