/**
 * requestCompat "backend-1.0" in-process: one /query call per request and time range, what
 * each query gets back (placement by refId, place or name, a notice where it is a guess),
 * failures kept per query where they can be, and where the mode is set (jsonData over the
 * grafana-shim.json default, bad values named) and shown (health, describeDatasource).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { createSimpleJsonHandler } from "../../src/backends/simplejson/handler.js";
import { placeResults } from "../../src/backends/simplejson/place-results.js";
import { closePools } from "../../src/backends/simplejson/pools.js";
import {
  loadSimpleJsonDefaults,
  requestCompatOf,
  specDefaults,
} from "../../src/backends/simplejson/request-compat.js";
import { oldRequestsLine, packagedSettingsText } from "../../src/cli/package-settings.js";
import { loadConfig } from "../../src/config.js";
import type { DataRequest } from "../../src/model/data.js";
import { type Route, serveJson } from "../simple-json-servers/serve.js";
import { tempDir } from "./hosts.js";
import { dataQuery, dataRequest, datasource, fromMs, log, toMs } from "./requests.js";

type Json = Record<string, unknown>;

const handler = createSimpleJsonHandler();
const compat = { requestCompat: "backend-1.0" };

after(closePools);

/** Answers every query of the request at once, as the protocol servers do. */
async function askAll(request: DataRequest) {
  const signal = new AbortController().signal;
  return Promise.all(request.queries.map((q) => handler.queryData(q, { request, signal, log })));
}

async function withServer<T>(query: Route, run: (url: string, seen: () => Json[]) => Promise<T>) {
  const server = await serveJson({
    "GET /": () => "OK",
    "POST /query": query,
    "POST /search": () => ["a", "b"],
  });
  try {
    return await run(server.url, () => server.seen.map((s) => ({ path: s.path, body: s.body })));
  } finally {
    await server.close();
  }
}

const echoTargets: Route = (body) =>
  ((body as { targets: Json[] }).targets ?? []).map((t) => ({
    target: t.target ?? "",
    datapoints: [[1.5, fromMs]],
  }));

const raw = { fromMs, toMs, fromRaw: "now-1h", toRaw: "now" };

describe("one /query call for the targets of a request", () => {
  test("the body is range (the raw texts) and the models as they are; search keeps its own call", async () => {
    await withServer(echoTargets, async (url, seen) => {
      const request = dataRequest(datasource(url, { jsonData: compat }), [
        dataQuery({ refId: "A", target: "a", custom: { x: 1 } }, { timeRange: raw }),
        dataQuery({ refId: "B", target: "b", type: "table" }, { timeRange: raw }),
        dataQuery({ refId: "C" }, { timeRange: raw }),
        dataQuery({ refId: "S", queryType: "search" }, { timeRange: raw }),
      ]);
      const answers = await askAll(request);
      assert.deepEqual(
        answers.map((a) => a.error),
        [undefined, undefined, undefined, undefined],
      );
      const calls = seen();
      assert.equal(calls.length, 2);
      assert.deepEqual(calls.find((c) => c.path === "/query")?.body, {
        range: { from: "now-1h", to: "now" },
        targets: [
          { refId: "A", target: "a", custom: { x: 1 } },
          { refId: "B", target: "b", type: "table" },
          { refId: "C" },
        ],
      });
      assert.deepEqual(calls.find((c) => c.path === "/search")?.body, { target: "" });
      assert.equal(answers[1]?.frames?.[0]?.fields[1]?.name, "b");
    });
  });

  test("queries with other time ranges (protocol 2 allows them) get a call each; epoch-ms text without raw texts", async () => {
    await withServer(echoTargets, async (url, seen) => {
      const other = { fromMs: fromMs + 1000, toMs };
      await askAll(
        dataRequest(datasource(url, { jsonData: compat }), [
          dataQuery({ refId: "A", target: "a" }),
          dataQuery({ refId: "B", target: "b" }, { timeRange: other }),
          dataQuery({ refId: "C", target: "c" }),
        ]),
      );
      const ranges = seen().map((c) => (c.body as Json).range);
      assert.deepEqual(
        ranges.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        [
          { from: String(fromMs), to: String(toMs) },
          { from: String(fromMs + 1000), to: String(toMs) },
        ],
      );
    });
  });
});

describe("each query gets its own results and errors", () => {
  test("a bad result is the error of the query it belongs to only", async () => {
    const answer: Route = () => [
      { target: "a", datapoints: [[1, fromMs]] },
      { target: "b", datapoints: [["1", fromMs]] },
    ];
    await withServer(answer, async (url) => {
      const [a, b] = await askAll(
        dataRequest(datasource(url, { jsonData: compat }), [
          dataQuery({ refId: "A", target: "a" }),
          dataQuery({ refId: "B", target: "b" }),
        ]),
      );
      assert.equal(a?.error, undefined);
      assert.match(
        b?.error ?? "",
        /POST \/query answered 200 with an unexpected shape: \[1\]\.datapoints\[0\]\[0\]/,
      );
      assert.equal(b?.errorSource, "downstream");
    });
  });

  test("a failed call fails every query in it, not the search beside it", async () => {
    const failing: Route = (_b, _req, res) => {
      res.writeHead(500, { "Content-Type": "text/plain" }).end("boom");
    };
    await withServer(failing, async (url) => {
      const answers = await askAll(
        dataRequest(datasource(url, { jsonData: compat }), [
          dataQuery({ refId: "A", target: "a" }),
          dataQuery({ refId: "B", target: "b" }),
          dataQuery({ refId: "S", queryType: "search", target: "x" }),
        ]),
      );
      assert.match(answers[0]?.error ?? "", /POST \/query answered 500/);
      assert.equal(answers[1]?.error, answers[0]?.error);
      assert.equal(answers[2]?.error, undefined);
    });
  });

  test("a target that is not text is its query's error and is not sent", async () => {
    await withServer(echoTargets, async (url, seen) => {
      const [a, b] = await askAll(
        dataRequest(datasource(url, { jsonData: compat }), [
          dataQuery({ refId: "A", target: "a" }),
          dataQuery({ refId: "B", target: 42 }),
        ]),
      );
      assert.equal(a?.error, undefined);
      assert.match(b?.error ?? "", /query B: target must be a string, not 42/);
      assert.deepEqual((seen()[0]?.body as { targets: unknown[] } | undefined)?.targets, [
        { refId: "A", target: "a" },
      ]);
    });
  });

  test("more results than targets without refIds: placed by name and order, with a notice", async () => {
    const simpod: Route = () => [
      { target: "packets in", datapoints: [[1, fromMs]] },
      { target: "packets out", datapoints: [[2, fromMs]] },
      { type: "table", columns: [{ text: "Host" }], rows: [["a"]] },
    ];
    await withServer(simpod, async (url) => {
      const [a, b] = await askAll(
        dataRequest(datasource(url, { jsonData: compat }), [
          dataQuery({ refId: "A", target: "packets" }),
          dataQuery({ refId: "B", target: "table" }),
        ]),
      );
      assert.equal(a?.frames?.length, 3, "the ambiguous case: every result stays with A");
      const bValues = (b?.frames ?? []).flatMap((f) =>
        f.fields.map((field) => field.values.length),
      );
      assert.ok(
        bValues.every((n) => n === 0),
        "B got no data",
      );
      assert.match(
        String(a?.frames?.[0]?.meta?.notices?.[0]?.text),
        /answered 3 results for the 2 targets of one \/query call/,
      );
    });
  });
});

describe("placeResults", () => {
  const targets = [
    { refId: "A", target: "a" },
    { refId: "B", target: "b" },
  ];
  const series = (target: string, refId?: string) => ({
    target,
    datapoints: [],
    ...(refId ? { refId } : {}),
  });

  test("a result's refId first", () => {
    const placed = placeResults(targets, [series("x", "B"), series("y", "A")]);
    assert.deepEqual(placed.byTarget, [[1], [0]]);
    assert.equal(placed.guessed.size, 0);
  });

  test("as many results as targets: by place, whatever the names (the old plugin's rule)", () => {
    const placed = placeResults(targets, [series("alias 1"), { type: "table", columns: [] }]);
    assert.deepEqual(placed.byTarget, [[0], [1]]);
  });

  test("otherwise a target's name starts its results; the rest stay with the one before", () => {
    const placed = placeResults(targets, [
      series("a"),
      series("a 2"),
      series("b"),
      { type: "table", columns: [] },
    ]);
    assert.deepEqual(placed.byTarget, [
      [0, 1],
      [2, 3],
    ]);
    assert.deepEqual([...placed.guessed], [0, 1]);
    const fewer = placeResults(
      [...targets, { refId: "C", target: "c" }],
      [series("c"), series("a")],
    );
    assert.deepEqual(fewer.byTarget, [[1], [], [0]]);
    assert.equal(fewer.guessed.size, 0);
  });

  test("the same name twice goes to the next target of that name", () => {
    const twice = [
      { refId: "A", target: "a" },
      { refId: "B", target: "a" },
      { refId: "C", target: "c" },
    ];
    const placed = placeResults(twice, [series("a"), series("a")]);
    assert.deepEqual(placed.byTarget, [[0, 1], [], []]);
  });
});

describe("where the mode is set and shown", () => {
  test("jsonData wins over the file's default; bad values name their key", () => {
    const fileDefault = { requestCompat: "backend-1.0" as const, file: "/x/grafana-shim.json" };
    assert.deepEqual(requestCompatOf(datasource("http://h"), fileDefault), {
      mode: "backend-1.0",
      from: "grafana-shim.json",
    });
    assert.deepEqual(
      requestCompatOf(datasource("http://h", { jsonData: { requestCompat: "spec" } }), fileDefault),
      { mode: "spec", from: "jsonData" },
    );
    assert.deepEqual(requestCompatOf(datasource("http://h"), specDefaults), {
      mode: "spec",
      from: "default",
    });
    assert.throws(
      () =>
        requestCompatOf(
          datasource("http://h", { jsonData: { requestCompat: "1.0" } }),
          specDefaults,
        ),
      /jsonData.requestCompat must be "spec" or "backend-1.0", not "1.0"/,
    );
  });

  test("grafana-shim.json: the packaged file is read, its line removed gives the spec's, typos are named", () => {
    const dir = tempDir("sj-compat-file-");
    const file = join(dir, "grafana-shim.json");
    const env = { GRAFANA_SHIM_CONFIG: file };
    writeFileSync(file, packagedSettingsText(true));
    assert.deepEqual(loadSimpleJsonDefaults(env, "x"), { requestCompat: "backend-1.0", file });
    assert.equal(loadConfig(env, "x").handler, "simplejson", "the section is allowed");
    writeFileSync(file, packagedSettingsText(true).replace(`${oldRequestsLine}\n`, ""));
    assert.deepEqual(JSON.parse(packagedSettingsText(false)), { handler: "simplejson" });
    assert.deepEqual(loadSimpleJsonDefaults(env, "x"), specDefaults);
    writeFileSync(file, `{"simplejson": {"requestCompta": "backend-1.0"}}`);
    assert.throws(
      () => loadSimpleJsonDefaults(env, "x"),
      /unknown setting simplejson.requestCompta/,
    );
    writeFileSync(file, `{"simplejson": {"requestCompat": "old"}}`);
    assert.throws(
      () => loadSimpleJsonDefaults(env, "x"),
      /simplejson.requestCompat must be "spec" or "backend-1.0"/,
    );
  });

  test("health says which requests the server gets; the default's message is unchanged", async () => {
    await withServer(echoTargets, async (url) => {
      const ctx = (jsonData: Json) => ({
        pluginContext: dataRequest(datasource(url, { jsonData }), []).pluginContext,
        headers: {},
        signal: new AbortController().signal,
        log,
      });
      assert.deepEqual(await handler.checkHealth?.(ctx({})), {
        status: "ok",
        message: "Data source is working",
      });
      const old = await handler.checkHealth?.(ctx(compat));
      assert.equal(
        old?.message,
        `Data source is working; it gets the old simple-json-backend-datasource's requests, requestCompat "backend-1.0" (from jsonData)`,
      );
      const bad = await handler.checkHealth?.(ctx({ requestCompat: 1 }));
      assert.equal(bad?.status, "error");
    });
  });

  test("describeDatasource names the mode and its source", () => {
    const fromFile = createSimpleJsonHandler({
      requestCompat: "backend-1.0",
      file: "/x/grafana-shim.json",
    });
    assert.deepEqual(fromFile.describeDatasource?.(datasource("http://h")), {
      requestCompat: "backend-1.0",
      requestCompatFrom: "grafana-shim.json",
    });
    assert.match(
      String(
        handler.describeDatasource?.(datasource("http://h", { jsonData: { requestCompat: "x" } }))
          ?.requestCompatError,
      ),
      /must be "spec" or "backend-1.0"/,
    );
  });
});
