/**
 * The simplejson handler in-process against the two Simple JSON servers: the bodies the
 * servers receive, the frames answered (classic and simPod dialects), search, annotations,
 * resources, health, and the datasource settings (auth, headers, forwarded credentials).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { simpleJsonHandler as handler } from "../../src/backends/simplejson/handler.js";
import { closePools } from "../../src/backends/simplejson/pools.js";
import { createLogger } from "../../src/log/logger.js";
import type { DataQuery, DataRequest } from "../../src/model/data.js";
import type { Frame } from "../../src/model/frame.js";
import { startClassicServer } from "../simple-json-servers/classic.js";
import type { RunningServer } from "../simple-json-servers/serve.js";
import { startSimpodServer } from "../simple-json-servers/simpod.js";
import { dataQuery, dataRequest, datasource, fromMs, log, toMs } from "./requests.js";

let classic: RunningServer;
let simpod: RunningServer;

before(async () => {
  [classic, simpod] = await Promise.all([startClassicServer(), startSimpodServer()]);
});
after(async () => {
  await Promise.all([classic.close(), simpod.close(), closePools()]);
});

async function ask(request: DataRequest, query: DataQuery = request.queries[0] as DataQuery) {
  const signal = new AbortController().signal;
  return handler.queryData(query, { request, signal, log });
}

function values(frame: Frame | undefined): unknown[][] {
  return (frame?.fields ?? []).map((f) => Array.from(f.values));
}

describe("classic Simple JSON", () => {
  test("/query gets Grafana's whole query options, one target per query", async () => {
    const q = dataQuery({
      refId: "B",
      target: "upper_50",
      type: "timeserie",
      hide: false,
      data: { x: 1 },
      adhocFilters: [{ key: "City", operator: "=", value: "Berlin" }],
    });
    const answer = await ask(dataRequest(datasource(classic.url), [q]));
    assert.equal(answer.error, undefined);
    // biome-ignore lint/suspicious/noExplicitAny: the upstream request body, read field by field
    const body = classic.seen.at(-1)?.body as Record<string, any>;
    assert.equal(classic.seen.at(-1)?.path, "/query");
    assert.deepEqual(body.range, {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      raw: { from: String(fromMs), to: String(toMs) },
    });
    assert.deepEqual(body.rangeRaw, body.range.raw);
    assert.equal(body.interval, "1m");
    assert.equal(body.intervalMs, 60_000);
    assert.equal(body.maxDataPoints, 100);
    assert.deepEqual(body.targets, [
      {
        refId: "B",
        target: "upper_50",
        type: "timeserie",
        hide: false,
        data: { x: 1 },
        payload: { x: 1 },
        adhocFilters: body.adhocFilters,
      },
    ]);
    assert.deepEqual(body.adhocFilters, [{ key: "City", operator: "=", value: "Berlin" }]);
    assert.deepEqual(body.filters, body.adhocFilters);
  });

  test("series keep fractions and nulls, as timeseries-multi frames", async () => {
    const answer = await ask(
      dataRequest(datasource(classic.url), [dataQuery({ target: "upper_25" })]),
    );
    const [frame] = answer.frames ?? [];
    assert.equal(frame?.meta?.type, "timeseries-multi");
    const [times, vals] = values(frame);
    assert.equal(frame?.fields[1]?.name, "upper_25");
    assert.ok(times && times.length === 60, `60 points, got ${times?.length}`);
    assert.ok(vals?.includes(null), "gaps stay null");
    assert.ok(
      vals?.some((v) => typeof v === "number" && !Number.isInteger(v)),
      "fractions kept",
    );
  });

  test("tables read from rows, declared time columns as time fields, nulls kept", async () => {
    const answer = await ask(
      dataRequest(datasource(classic.url), [dataQuery({ target: "upper_25", type: "table" })]),
    );
    const [frame] = answer.frames ?? [];
    assert.deepEqual(
      frame?.fields.map((f) => [f.name, f.type]),
      [
        ["Time", "time"],
        ["Country", "string"],
        ["Number", "float64"],
      ],
    );
    assert.deepEqual(values(frame)[2], [123.25, null, -321.5]);
    assert.equal(frame?.meta?.preferredVisualisationType, "table");
  });

  test("search queries post {target} to /search and answer a text/value table", async () => {
    const q = dataQuery({ queryType: "search", target: "map" });
    const answer = await ask(dataRequest(datasource(classic.url), [q]));
    assert.deepEqual(classic.seen.at(-1)?.body, { target: "map" });
    assert.deepEqual(values(answer.frames?.[0]), [
      ["upper_25", "upper_50", "upper_75", "upper_90", "upper_95"],
      [1, 2, 3, 4, 5],
    ]);
    const plain = await ask(
      dataRequest(datasource(classic.url), [
        dataQuery({ target: "upper_2" }, { queryType: "search" }),
      ]),
    );
    assert.deepEqual(values(plain.frames?.[0]), [["upper_25"]]);
  });

  test("annotations become a dataTopic annotations frame", async () => {
    const q = dataQuery({
      queryType: "annotations",
      annotation: { name: "deploys", query: "#deploy", enable: true, iconColor: "red" },
    });
    const answer = await ask(dataRequest(datasource(classic.url), [q]));
    // biome-ignore lint/suspicious/noExplicitAny: the upstream request body, read field by field
    const body = classic.seen.at(-1)?.body as Record<string, any>;
    assert.equal(classic.seen.at(-1)?.path, "/annotations");
    assert.equal(body.annotation.query, "#deploy");
    const frame = answer.frames?.[0];
    assert.equal(frame?.meta?.dataTopic, "annotations");
    assert.deepEqual(values(frame), [
      [fromMs + 60_000, fromMs + 120_000],
      ["deploy", "rollback"],
      ["#deploy", ""],
      [
        ["prod", "api"],
        ["prod", "db"],
      ],
    ]);
  });

  test("empty and placeholder targets answer no data without a call", async () => {
    const before = classic.seen.length;
    for (const target of [undefined, "", "select metric"]) {
      const answer = await ask(dataRequest(datasource(classic.url), [dataQuery({ target })]));
      assert.deepEqual(answer, { frames: [] });
    }
    assert.equal(classic.seen.length, before);
  });

  test("a target that is not a string is that query's error", async () => {
    for (const target of [42, { a: 1 }, ["x"], true]) {
      const answer = await ask(dataRequest(datasource(classic.url), [dataQuery({ target })]));
      assert.match(answer.error ?? "", /query A: target must be a string/);
      assert.equal(answer.status, 400);
      assert.equal(answer.errorSource, "plugin");
    }
  });
});

describe("simPod JSON datasource dialect", () => {
  test("payload goes through, and one target answers several series", async () => {
    const q = dataQuery({ target: "packets", payload: { directions: ["in", "out"] } });
    const answer = await ask(dataRequest(datasource(simpod.url), [q]));
    // biome-ignore lint/suspicious/noExplicitAny: the upstream request body, read field by field
    const target = (simpod.seen.at(-1)?.body as Record<string, any> | undefined)?.targets[0];
    assert.deepEqual(target.payload, { directions: ["in", "out"] });
    assert.deepEqual(
      answer.frames?.map((f) => f.fields[1]?.name),
      ["packets in", "packets out"],
    );
  });

  test("tables without declared types are typed by their cells", async () => {
    const answer = await ask(dataRequest(datasource(simpod.url), [dataQuery({ target: "table" })]));
    assert.deepEqual(
      answer.frames?.[0]?.fields.map((f) => f.type),
      ["string", "float64", "bool"],
    );
  });

  test("resources pass through: /metrics, /metric-payload-options, /variable, /tag-keys, /tag-values", async () => {
    const call = (path: string, body: unknown) =>
      handler.callResource?.(
        {
          path,
          method: "POST",
          url: path,
          headers: {},
          body: new TextEncoder().encode(JSON.stringify(body)),
        },
        {
          pluginContext: dataRequest(datasource(simpod.url), []).pluginContext,
          signal: new AbortController().signal,
          log,
        },
      );
    const metrics = await call("metrics", {});
    assert.equal(metrics?.status, 200);
    assert.equal(JSON.parse(Buffer.from(metrics?.body as Uint8Array).toString()).length, 2);
    const variable = await call("variable", { payload: { target: "systems" } });
    assert.deepEqual(JSON.parse(Buffer.from(variable?.body as Uint8Array).toString())[0], {
      __text: "Label 1",
      __value: "Value1",
    });
    const options = await call("metric-payload-options", {
      metric: "packets",
      payload: {},
      name: "directions",
    });
    assert.equal(JSON.parse(Buffer.from(options?.body as Uint8Array).toString()).length, 2);
    assert.equal((await call("tag-values", { key: "Host" }))?.status, 200);
    const unknown = await call("admin", {});
    assert.equal(unknown?.status, 404);
    const missing = await call("search", { target: "" });
    assert.equal(missing?.status, 404, "simPod has no /search: its 404 comes through");
  });
});

describe("datasource settings", () => {
  test("basic auth, custom headers and forwarded credentials reach the server", async () => {
    const ds = datasource(classic.url, {
      basicAuthEnabled: true,
      basicAuthUser: "grafana",
      jsonData: {
        httpHeaderName1: "X-Api-Key",
        httpHeaderName2: "X-Tenant",
        oauthPassThru: true,
        keepCookies: ["session"],
      },
      decryptedSecureJsonData: {
        basicAuthPassword: "s3cret",
        httpHeaderValue1: "key-1",
        httpHeaderValue2: "acme",
      },
    });
    const headers = {
      http_Authorization: "Bearer user-token",
      http_Cookie: "session=abc; other=zzz",
    };
    await ask(dataRequest(ds, [dataQuery({ target: "upper_25" })], headers));
    const seen = classic.seen.at(-1)?.headers ?? {};
    assert.equal(seen["x-api-key"], "key-1");
    assert.equal(seen["x-tenant"], "acme");
    assert.equal(
      seen.authorization,
      "Bearer user-token",
      "the forwarded token wins over basic auth",
    );
    assert.equal(seen.cookie, "session=abc");
    await ask(dataRequest({ ...ds, jsonData: {} }, [dataQuery({ target: "upper_25" })], headers));
    const plain = classic.seen.at(-1)?.headers ?? {};
    assert.equal(plain.authorization, `Basic ${Buffer.from("grafana:s3cret").toString("base64")}`);
    assert.equal(plain.cookie, undefined);
  });

  test("protocol 1 carries no basic-auth user: jsonData.basicAuthUser stands in", async () => {
    const ds = datasource(classic.url, {
      jsonData: { basicAuthUser: "old" },
      decryptedSecureJsonData: { basicAuthPassword: "pw" },
    });
    await ask(dataRequest(ds, [dataQuery({ target: "upper_25" })]));
    assert.equal(
      classic.seen.at(-1)?.headers.authorization,
      `Basic ${Buffer.from("old:pw").toString("base64")}`,
    );
  });

  test("a URL with a path prefix keeps it", async () => {
    const answer = await ask(
      dataRequest(datasource(`${classic.url}/`), [dataQuery({ target: "upper_25" })]),
    );
    assert.equal(answer.error, undefined);
    assert.equal(classic.seen.at(-1)?.path, "/query");
  });

  test("bad datasource URLs are clear errors of each query", async () => {
    const cases: [string, RegExp][] = [
      ["", /has no URL/],
      ["   ", /has no URL/],
      ["localhost:3003", /unsupported scheme "localhost:"/],
      ["/simple-json", /not an absolute URL/],
      ["simple-json.internal", /not an absolute URL/],
      ["ftp://files.example/x", /unsupported scheme "ftp:"/],
      ["file:///etc/passwd", /unsupported scheme "file:"/],
      ["http://user:pw@", /not an absolute URL/],
    ];
    for (const [url, pattern] of cases) {
      const answer = await ask(dataRequest(datasource(url), [dataQuery({ target: "x" })]));
      assert.match(answer.error ?? "", pattern, url);
      assert.doesNotMatch(answer.error ?? "", /pw/, "no password in messages");
      assert.equal(answer.status, 400);
    }
    const none = await ask({
      ...dataRequest(datasource(""), [dataQuery({ target: "x" })]),
      pluginContext: { ...dataRequest(datasource(""), []).pluginContext, datasource: undefined },
    } as unknown as DataRequest);
    assert.match(none.error ?? "", /names no datasource/);
  });

  test("health: GET / answering 200 is OK, a 404 or a closed port is an error", async () => {
    const ctx = (url: string) => ({
      pluginContext: dataRequest(datasource(url), []).pluginContext,
      headers: {},
      signal: new AbortController().signal,
      log,
    });
    assert.deepEqual(await handler.checkHealth?.(ctx(classic.url)), {
      status: "ok",
      message: "Data source is working",
    });
    const notFound = await handler.checkHealth?.(ctx(`${classic.url}/nothing-here`));
    assert.equal(notFound?.status, "error");
    assert.match(notFound?.message ?? "", /GET \/ answered 404 Not Found/);
    const bad = await handler.checkHealth?.(ctx("nope"));
    assert.match(bad?.message ?? "", /not an absolute URL/);
  });
});

test("secrets never reach the logs, at any level", async () => {
  const lines: string[] = [];
  const traceLog = createLogger({
    level: "trace",
    module: "test",
    write: (l) => void lines.push(l),
  });
  const ds = datasource(`http://grafana:pw-in-url@127.0.0.1:1/`, {
    basicAuthEnabled: true,
    basicAuthUser: "grafana",
    jsonData: { httpHeaderName1: "X-Api-Key", oauthPassThru: true, timeout: 1 },
    decryptedSecureJsonData: { basicAuthPassword: "s3cret-pw", httpHeaderValue1: "s3cret-key" },
  });
  const headers = { http_Authorization: "Bearer s3cret-token" };
  for (const url of [classic.url, ds.url]) {
    const request = dataRequest({ ...ds, url }, [dataQuery({ target: "upper_25" })], headers);
    const answer = await handler.queryData(request.queries[0] as DataQuery, {
      request,
      signal: new AbortController().signal,
      log: traceLog,
    });
    assert.doesNotMatch(answer.error ?? "", /s3cret|pw-in-url/);
  }
  assert.ok(lines.length > 0);
  assert.doesNotMatch(lines.join("\n"), /s3cret|pw-in-url|Bearer|Basic /);
});
