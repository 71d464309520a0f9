#!/usr/bin/env node
// Records the replay corpus in test/fixtures/recorded/ from real peers, with the
// shim's own recorders (docs/record-replay.md):
//   v1/         real go-plugin hosts (host-v101) -> `grafana-shim record --plugin` -> ref-plugin-v1
//   v2/         host-v2 (Grafana 8+ mode)        -> `grafana-shim record --plugin --protocol 2` -> ref-plugin-v2
//   tsdb-http/, ds-http/
//               HTTP requests -> `grafana-shim record --http` -> serve-http wrapping ref-plugin-v1 or
//               ref-plugin-v2, or serve-http with the simplejson handler -> the classic Simple JSON test server
// The requests are those of test/fixtures/v1-requests and v2-requests (but 12-large) and the
// HTTP requests below. Each fixture gets a note naming what it holds; a few HTTP fixtures use
// now-relative time and declare their volatile paths.
//
// Usage: npm run build && node scripts/record-corpus.mjs   (builds the Go peers when missing)
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "test/.bin");
const shim = join(root, "bin/grafana-shim");
const out = join(root, "test/fixtures/recorded");
const datasources = join(out, "datasources.yaml");
const { readFixture, writeFixture } = await import(
  join(root, "dist/src/replay/fixture/fixture-file.js")
);
const { startClassicServer } = await import(join(root, "dist/test/simple-json-servers/classic.js"));

if (
  !["ref-plugin-v1", "ref-plugin-v2", "host-v101", "host-v2"].every((n) => existsSync(join(bin, n)))
) {
  const built = spawnSync(process.execPath, [join(root, "scripts/build-go-peers.mjs")], {
    stdio: "inherit",
  });
  if (built.status !== 0) process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), "record-corpus-"));
/** The environment without anything that would steer the shim or a plugin. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(GRAFANA_SHIM_|GF_|PLUGIN_)/.test(k) && k !== "NODE_OPTIONS") env[k] = v;
  }
  return { ...env, TMPDIR: tmp, ...extra };
}

/** The numbered files a recording session wrote, in order. */
function recorded(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => join(dir, n));
}

/** Moves a recorded fixture to its place in the corpus with its note (and volatile paths). */
function place(file, group, name, comment, volatile = []) {
  const read = readFixture(file);
  if (!read.ok) throw new Error(`${file}: ${read.error}`);
  writeFixture(join(out, group, `${name}.json`), { ...read.fixture, comment, volatile });
}

function run(cmd, args, env) {
  const result = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 1 << 28 });
  if (result.status !== 0)
    throw new Error(`${basename(cmd)} ${args.join(" ")} failed:\n${result.stderr}`);
}

/** A launcher script, as a host runs a plugin: no arguments, exec the real process. */
function launcher(name, args) {
  const file = join(tmp, `${name}.sh`);
  const quoted = [process.execPath, shim, ...args].map((a) => `'${a}'`).join(" ");
  writeFileSync(file, `#!/bin/sh\nexec ${quoted}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Protocol-1 fixture files use objects for model and jsonData; host-v101 wants their text. */
function toWireRequest(request) {
  const ds = request.datasource;
  return {
    ...request,
    ...(ds && {
      datasource: {
        ...ds,
        ...(typeof ds.jsonData === "object" && { jsonData: JSON.stringify(ds.jsonData) }),
      },
    }),
    queries: (request.queries ?? []).map(({ model, ...q }) =>
      model === undefined ? q : { ...q, modelJson: JSON.stringify(model) },
    ),
  };
}

function describeQueries(queries) {
  const ids = queries.map((q) => q.refId ?? "");
  return ids.length <= 4 ? `queries ${ids.join(", ")}` : `${ids.length} queries`;
}

/** Protocol-1 requests beyond test/fixtures/v1-requests, as {"comment", "requests"} files. */
const extraV1 = {
  "20-grpc-error": {
    comment:
      "A query whose answer spec has an unknown cell kind: the plugin fails the whole call with gRPC InvalidArgument, recorded as grpcError (handlers never answer with a gRPC error, so only a plugin replays this one).",
    requests: [
      {
        timeRange: {
          fromRaw: "now-1h",
          toRaw: "now",
          fromEpochMs: 1555324640782,
          toEpochMs: 1555328240782,
        },
        queries: [
          {
            refId: "A",
            maxDataPoints: 100,
            intervalMs: 1000,
            model: { answer: { series: [{ name: "fine", points: [[1, 1555324640782]] }] } },
          },
          {
            refId: "B",
            maxDataPoints: 100,
            intervalMs: 1000,
            model: { answer: { tables: [{ columns: ["c"], rows: [[{ decimal: "1.5" }]] }] } },
          },
        ],
      },
    ],
  },
  "21-legacy-alerting": {
    comment:
      "A request as Grafana's legacy alerting sent it: one query, refId A, maxDataPoints and intervalMs 0, the range as bare durations (5m, now), echoed back with a series.",
    requests: [
      {
        timeRange: {
          fromRaw: "5m",
          toRaw: "now",
          fromEpochMs: 1555328060782,
          toEpochMs: 1555328360782,
        },
        datasource: {
          id: 3,
          orgId: 1,
          name: "alerting",
          type: "legacy-ds",
          url: "http://legacy:8080",
          jsonData: { mode: "alert" },
        },
        queries: [
          {
            refId: "A",
            maxDataPoints: 0,
            intervalMs: 0,
            model: {
              answer: {
                echo: true,
                series: [
                  {
                    name: "errors",
                    tags: { job: "api" },
                    points: [
                      [3, 1555328300000],
                      [4, 1555328360000],
                    ],
                  },
                ],
              },
            },
          },
        ],
      },
    ],
  },
};

function recordHostGroup({ group, sourceDir, extra = {}, host, hostArgs, pluginArgs, convert }) {
  const sources = readdirSync(sourceDir)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => [n, JSON.parse(readFileSync(join(sourceDir, n), "utf8"))]);
  for (const [stem, source] of Object.entries(extra)) sources.push([`${stem}.json`, source]);
  for (const [name, source] of sources) {
    if (name === "12-large.json") continue; // 100 000-row frames: too big to read as a fixture
    const stem = name.replace(/\.json$/, "");
    const dir = join(tmp, `${group}-${stem}`);
    const requests = join(tmp, `${group}-${stem}.requests.json`);
    writeFileSync(requests, JSON.stringify(source.requests.map(convert)));
    const plugin = launcher(`${group}-${stem}`, ["record", ...pluginArgs, "--out", dir]);
    run(
      join(bin, host),
      [...hostArgs, "-plugin", plugin, "-requests", requests, "-out", join(tmp, "report.json")],
      cleanEnv(),
    );
    const files = recorded(dir);
    if (files.length !== source.requests.length)
      throw new Error(
        `${group}/${name}: ${files.length} fixtures for ${source.requests.length} requests`,
      );
    files.forEach((file, i) => {
      const note = `${source.comment} [request ${i + 1} of ${files.length}, ${describeQueries(source.requests[i].queries ?? [])}; sent by ${host} ${hostArgs.join(" ")}]`;
      place(file, group, `${stem}-${i + 1}`, note.replace(/ \]$/, "]"));
    });
    console.error(`${group}/${stem}: ${files.length} fixtures`);
  }
}

/** Starts `grafana-shim record --http`, resolves with its URL and a stop function. */
function startRecordingGateway(args, env) {
  const child = spawn(process.execPath, [shim, "record", "--http", "--port", "0", ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`record --http did not start:\n${err}`)),
      30_000,
    );
    child.once("exit", (code) => reject(new Error(`record --http exited with ${code}:\n${err}`)));
    child.stdout.on("data", (d) => {
      const url = /recording gateway on (http:\/\/\S+)/.exec(String(d))?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({
        url,
        stop: () =>
          new Promise((done) => {
            child.once("exit", done);
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

const range = { from: "1555324640782", to: "1555328240782" };
const cell = {
  int: (v) => ({ int64: String(v) }),
  dbl: (v) => ({ double: v }),
};

/** HTTP requests per upstream: [name, note, path, body, volatile paths]. */
const httpSessions = [
  {
    peer: "ref-plugin-v1",
    args: ["--plugin", join(bin, "ref-plugin-v1")],
    requests: [
      [
        "tsdb-v1-series-table",
        "A series and a table of every cell kind from the protocol-1 plugin, as /api/tsdb/query answers them (int64 as digits, bytes as base64)",
        "/api/tsdb/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasourceId: 1,
              answer: {
                series: [
                  {
                    name: "cpu",
                    tags: { host: "a" },
                    points: [
                      [0.5, 1555324640782],
                      [1.5, 1555324700782],
                    ],
                  },
                ],
                tables: [
                  {
                    columns: ["n", "i", "b", "s", "x", "z"],
                    rows: [
                      [
                        cell.dbl(2.5),
                        cell.int("9007199254740993"),
                        { bool: true },
                        { string: "ü" },
                        { bytes: "AAEC" },
                        null,
                      ],
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
      [
        "tsdb-v1-nan-inf",
        "Null, NaN and ±Inf points and cells through /api/tsdb/query: points become null, non-finite cells null",
        "/api/tsdb/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasourceId: 1,
              answer: {
                series: [
                  {
                    name: "gaps",
                    points: [
                      [null, 1555324640782],
                      ["NaN", 1555324650782],
                      ["+Inf", 1555324660782],
                      ["-Inf", 1555324670782],
                      [3, 1555324680782],
                    ],
                  },
                ],
                tables: [
                  {
                    columns: ["v"],
                    rows: [[cell.dbl("NaN")], [cell.dbl("+Inf")], [cell.dbl("-Inf")], [null]],
                  },
                ],
              },
            },
          ],
        },
      ],
      [
        "tsdb-v1-several-queries-error",
        "Three queries, one failing: /api/tsdb/query answers 400 with the first error as message, the other results intact",
        "/api/tsdb/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasourceId: 1,
              answer: { series: [{ name: "a", points: [[1, 1555324640782]] }] },
            },
            { refId: "B", datasourceId: 1, answer: { error: "B failed upstream" } },
            {
              refId: "C",
              datasourceId: 1,
              answer: { tables: [{ columns: ["c"], rows: [[cell.int(3)]] }], meta: { rows: 1 } },
            },
          ],
        },
      ],
      [
        "tsdb-v1-empty",
        "A query without an answer spec: an empty result (tables null, no series)",
        "/api/tsdb/query",
        { ...range, queries: [{ refId: "A", datasourceId: 1 }] },
      ],
      [
        "tsdb-v1-echo-relative",
        "Echo with a now-relative range: the plugin sees fromRaw now-6h; the epoch values change every run and are declared volatile; the datasource's secret is redacted",
        "/api/tsdb/query",
        {
          from: "now-6h",
          to: "now",
          queries: [
            {
              refId: "A",
              datasourceId: 1,
              intervalMs: 60000,
              maxDataPoints: 500,
              answer: { echo: true },
            },
          ],
        },
        [
          "response.body.results.A.meta.echo.timeRange.fromMs",
          "response.body.results.A.meta.echo.timeRange.toMs",
        ],
      ],
      [
        "tsdb-missing-datasource",
        "A query without datasourceId: the gateway's own 400, recorded like any answer",
        "/api/tsdb/query",
        { ...range, queries: [{ refId: "A" }] },
      ],
      [
        "ds-v1-series-as-frames",
        "Protocol-1 series through /api/ds/query: one timeseries-multi frame per series, labels from tags",
        "/api/ds/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasource: { uid: "echo", type: "grafana-shim-echo-datasource" },
              answer: {
                series: [
                  {
                    name: "cpu",
                    tags: { host: "a" },
                    points: [
                      [0.5, 1555324640782],
                      [null, 1555324700782],
                    ],
                  },
                  { name: "mem", points: [[7, 1555324640782]] },
                ],
              },
            },
          ],
        },
      ],
      [
        "ds-v1-table-kinds",
        "A protocol-1 table of every cell kind through /api/ds/query: columns typed from their cells (int64, float64, bool, string, bytes as base64 string)",
        "/api/ds/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasourceId: 1,
              answer: {
                tables: [
                  {
                    columns: ["i", "d", "b", "s", "x"],
                    rows: [
                      [
                        cell.int("-9223372036854775808"),
                        cell.dbl(0.25),
                        { bool: false },
                        { string: "x" },
                        { bytes: "/w==" },
                      ],
                      [
                        cell.int("9223372036854775807"),
                        null,
                        { bool: true },
                        { string: "" },
                        { bytes: "" },
                      ],
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
      [
        "ds-v1-error-and-data",
        "Two queries, one with an error and data: /api/ds/query answers 400, the error with errorSource plugin and status 500",
        "/api/ds/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasource: { uid: "echo" },
              answer: { series: [{ name: "ok", points: [[1, 1555324640782]] }] },
            },
            {
              refId: "B",
              datasource: { uid: "echo" },
              answer: {
                error: "B broke",
                series: [{ name: "partial", points: [[2, 1555324640782]] }],
              },
            },
          ],
        },
      ],
    ],
  },
  {
    peer: "ref-plugin-v2",
    args: ["--plugin", join(bin, "ref-plugin-v2")],
    requests: [
      [
        "ds-v2-all-types",
        "Frames of every field type from the SDK plugin through /api/ds/query (frame JSON, 64-bit integers exact)",
        "/api/ds/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasource: { uid: "echo" },
              answer: {
                frames: [
                  '{"schema":{"name":"all","fields":[{"name":"t","type":"time","typeInfo":{"frame":"time.Time"}},{"name":"i8","type":"number","typeInfo":{"frame":"int8"}},{"name":"i16","type":"number","typeInfo":{"frame":"int16"}},{"name":"i32","type":"number","typeInfo":{"frame":"int32"}},{"name":"i64","type":"number","typeInfo":{"frame":"int64"}},{"name":"u8","type":"number","typeInfo":{"frame":"uint8"}},{"name":"u16","type":"number","typeInfo":{"frame":"uint16"}},{"name":"u32","type":"number","typeInfo":{"frame":"uint32"}},{"name":"u64","type":"number","typeInfo":{"frame":"uint64"}},{"name":"f32","type":"number","typeInfo":{"frame":"float32"}},{"name":"f64","type":"number","typeInfo":{"frame":"float64","nullable":true}},{"name":"s","type":"string","typeInfo":{"frame":"string"}},{"name":"b","type":"boolean","typeInfo":{"frame":"bool"}},{"name":"j","type":"other","typeInfo":{"frame":"json.RawMessage"}}]},"data":{"values":[[1555324640782,1555324641782],[-128,127],[-32768,32767],[-2147483648,2147483647],[-9223372036854775808,9223372036854775807],[0,255],[0,65535],[0,4294967295],[0,18446744073709551615],[1.5,-0.25],[null,2.5],["a","ü"],[true,false],[{"k":[1,2]},null]]}}',
                ],
              },
            },
          ],
        },
      ],
      [
        "ds-v2-nan-inf-nulls",
        "NaN, +Inf and -Inf in float fields and nulls in nullable ones, through /api/ds/query (null plus entities, as the SDK writes them)",
        "/api/ds/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasource: { uid: "echo" },
              answer: {
                frames: [
                  '{"schema":{"fields":[{"name":"f64","type":"number","typeInfo":{"frame":"float64","nullable":true}},{"name":"f32","type":"number","typeInfo":{"frame":"float32"}}]},"data":{"values":[[null,1,null,null],[null,null,2,null]],"entities":[{"NaN":[2],"Inf":[3]},{"NaN":[0],"Inf":[1],"NegInf":[3]}]}}',
                ],
              },
            },
          ],
        },
      ],
      [
        "ds-v2-errors",
        "Errors as data through /api/ds/query: a downstream error with status 502, a plugin error without status, and a success",
        "/api/ds/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasource: { uid: "echo" },
              answer: { error: "upstream timed out", status: 502, errorSource: "downstream" },
            },
            { refId: "B", datasource: { uid: "echo" }, answer: { error: "bad query" } },
            {
              refId: "C",
              datasource: { uid: "echo" },
              answer: {
                generate: [
                  { rows: 3, fields: [{ type: "time" }, { type: "float64", nullable: true }] },
                ],
              },
            },
          ],
        },
      ],
      [
        "ds-v2-empty",
        "Nothing to answer: no answer spec, and a frame without rows",
        "/api/ds/query",
        {
          ...range,
          queries: [
            { refId: "A", datasource: { uid: "echo" } },
            {
              refId: "B",
              datasource: { uid: "echo" },
              answer: { generate: [{ name: "none", rows: 0, fields: [{ type: "int64" }] }] },
            },
          ],
        },
      ],
      [
        "ds-v2-echo-relative",
        "Echo with a now-relative range: what the SDK plugin was told (plugin context with the datasource, secrets redacted); the epoch times change every run and are declared volatile",
        "/api/ds/query",
        {
          from: "now-1h",
          to: "now",
          queries: [
            {
              refId: "A",
              datasource: { uid: "echo" },
              queryType: "metrics",
              answer: { echo: true },
            },
          ],
        },
        [
          "response.body.results.A.frames[0].meta.custom.timeRange",
          "response.body.results.A.frames[0].meta.custom.pluginContext.datasource.updatedMs",
        ],
      ],
      [
        "tsdb-v2-frames-as-series",
        "SDK frames through /api/tsdb/query: a time series frame becomes series, a frame without time a table",
        "/api/tsdb/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasourceId: 1,
              answer: {
                generate: [
                  {
                    name: "ts",
                    rows: 4,
                    fields: [{ type: "time" }, { type: "float64", name: "v" }],
                  },
                  {
                    name: "tab",
                    rows: 2,
                    fields: [{ type: "string" }, { type: "int64" }, { type: "bool" }],
                  },
                ],
              },
            },
          ],
        },
      ],
      [
        "tsdb-v2-several-queries",
        "Several queries of generated frames through /api/tsdb/query, one with nullable columns",
        "/api/tsdb/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasourceId: 1,
              answer: {
                generate: [
                  { rows: 12, fields: [{ type: "time" }, { type: "float64", nullable: true }] },
                ],
              },
            },
            {
              refId: "B",
              datasourceId: 1,
              answer: {
                generate: [
                  { rows: 3, fields: [{ type: "string", nullable: true }, { type: "int64" }] },
                ],
              },
            },
          ],
        },
      ],
    ],
  },
  {
    peer: "simple-json classic test server",
    handler: "simplejson",
    requests: [
      [
        "tsdb-simplejson-timeseries",
        "Two timeserie targets from the classic Simple JSON server through the simplejson handler: series with null gaps",
        "/api/tsdb/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasourceId: 2,
              target: "upper_25",
              type: "timeserie",
              intervalMs: 600000,
            },
            {
              refId: "B",
              datasourceId: 2,
              target: "upper_75",
              type: "timeserie",
              intervalMs: 600000,
            },
          ],
        },
      ],
      [
        "tsdb-simplejson-table",
        "A table target from the classic Simple JSON server: time, string and number columns with a null",
        "/api/tsdb/query",
        { ...range, queries: [{ refId: "A", datasourceId: 2, target: "upper_50", type: "table" }] },
      ],
      [
        "ds-simplejson-mixed",
        "A timeserie and a table target from the classic Simple JSON server through /api/ds/query",
        "/api/ds/query",
        {
          ...range,
          queries: [
            {
              refId: "A",
              datasource: { uid: "simple-json" },
              target: "upper_90",
              type: "timeserie",
              intervalMs: 600000,
            },
            { refId: "B", datasource: { uid: "simple-json" }, target: "upper_95", type: "table" },
          ],
        },
      ],
    ],
  },
];

async function recordHttpSession(session, simpleJsonUrl) {
  const dir = join(tmp, `http-${session.peer.replace(/\W+/g, "-")}`);
  const source = session.handler ? ["--handler", session.handler] : session.args;
  const gateway = await startRecordingGateway(
    [...source, "--datasources", datasources, "--out", dir, "--peer", session.peer],
    cleanEnv({ SIMPLE_JSON_URL: simpleJsonUrl, GRAFANA_SHIM_LOG_LEVEL: "warn" }),
  );
  try {
    for (const [, , path, body] of session.requests) {
      await fetch(new URL(path, gateway.url), {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "record-corpus" },
        body: JSON.stringify(body),
      }).then((r) => r.text());
    }
  } finally {
    await gateway.stop();
  }
  const files = recorded(dir);
  if (files.length !== session.requests.length)
    throw new Error(
      `${session.peer}: ${files.length} fixtures for ${session.requests.length} requests`,
    );
  files.forEach((file, i) => {
    const [name, note, path, , volatile] = session.requests[i];
    place(file, path === "/api/ds/query" ? "ds-http" : "tsdb-http", name, note, volatile ?? []);
  });
  console.error(`http via ${session.peer}: ${files.length} fixtures`);
}

try {
  for (const group of ["v1", "v2", "tsdb-http", "ds-http"])
    rmSync(join(out, group), { recursive: true, force: true });
  recordHostGroup({
    group: "v1",
    sourceDir: join(root, "test/fixtures/v1-requests"),
    extra: extraV1,
    host: "host-v101",
    hostArgs: [],
    pluginArgs: ["--plugin", join(bin, "ref-plugin-v1")],
    convert: toWireRequest,
  });
  recordHostGroup({
    group: "v2",
    sourceDir: join(root, "test/fixtures/v2-requests"),
    host: "host-v2",
    hostArgs: ["-versions", "2", "-gf-version", "11.3.0"],
    pluginArgs: ["--plugin", join(bin, "ref-plugin-v2"), "--protocol", "2"],
    convert: (r) => r,
  });
  const simpleJson = await startClassicServer();
  try {
    for (const session of httpSessions) await recordHttpSession(session, simpleJson.url);
  } finally {
    await simpleJson.close();
  }
  const count = ["v1", "v2", "tsdb-http", "ds-http"].map(
    (g) => `${g} ${readdirSync(join(out, g)).length}`,
  );
  console.error(`corpus recorded in ${out}: ${count.join(", ")}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
