/**
 * A resource call reaches only its allow-listed route below the datasource URL's path, with its
 * query string as a query string, through both edges: the gateway (`serve-http --handler
 * simplejson`) and protocol 2 CallResource from host-v2 (grafana-plugin-sdk-go's client). The
 * upstream records exactly what reaches it. Dot segments (also %2e), encoded slashes and
 * backslashes in a resource path are refused with 400 before any handler runs: they can neither
 * climb out of the datasource URL nor into another datasource's routes. The demo and wrap
 * handlers, which have no resources, refuse the same paths.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { resourcePaths } from "../../src/backends/simplejson/resources.js";
import { cleanEnv } from "../clean-env.js";
import { type RunningGateway, startGateway } from "../http/gateway.js";
import { rawExchange } from "../http/raw-http.js";
import { type RecordingServer, startRecordingServer } from "../simple-json-servers/recording.js";
import { binDir, type Json, runHost, shim, tempDir } from "./hosts.js";

const password = "pw-4f1c-resource";
const apiKey = "key-9b2e-resource";
const basic = `Basic ${Buffer.from(`grafana:${password}`).toString("base64")}`;
/** A query string that must arrive byte for byte: an encoded slash, dots, an escaped space. */
const query = "target=cpu&v=a%2F..%2Fb&w=x%20y";

let upstream: RecordingServer;
let other: RecordingServer;
let gateway: RunningGateway;
let dir = "";

before(async () => {
  [upstream, other] = await Promise.all([startRecordingServer(), startRecordingServer()]);
  dir = tempDir("sj-paths-");
  const yaml = join(dir, "datasources.yaml");
  writeFileSync(
    yaml,
    [
      "apiVersion: 1",
      "datasources:",
      `  - {name: SJ, uid: sj, id: 1, type: simplejson, url: "${upstream.url}/api/sj", basicAuth: true, basicAuthUser: grafana, jsonData: {httpHeaderName1: X-Api-Key}, secureJsonData: {basicAuthPassword: ${password}, httpHeaderValue1: ${apiKey}}}`,
      `  - {name: Other, uid: other, id: 2, type: simplejson, url: "${other.url}/api/other"}`,
      "",
    ].join("\n"),
  );
  gateway = await startGateway(["--handler", "simplejson", "--datasources", yaml]);
});

after(async () => {
  await gateway?.stop();
  await Promise.all([upstream?.close(), other?.close()]);
});

/** What the upstream received during `run`. */
async function receivedBy(run: () => Promise<unknown>, server = upstream) {
  const before = server.received.length;
  await run();
  return server.received.slice(before);
}

/** A raw request, so that no client library normalises the path first. */
async function rawStatus(path: string): Promise<{ status: number; text: string }> {
  const request = `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
  const { text } = await rawExchange(gateway.url, [request]);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text };
}

const refused = [
  "search/../../../admin/wipe",
  "search/%2e%2e/%2E%2E/admin",
  "%2e%2e/admin",
  "./search",
  "search/.",
  "search%2f..%2fadmin",
  "search%2F%2E%2E%2Fadmin",
  "search\\..\\admin",
  "..%5cadmin",
];

describe("HTTP gateway: /api/datasources/.../resources/<route>", () => {
  for (const route of resourcePaths) {
    test(`POST ${route}?<query> reaches <datasource path>/${route}?<query>, nothing else`, async () => {
      const got = await receivedBy(async () => {
        const answer = await fetch(
          `${gateway.url}/api/datasources/uid/sj/resources/${route}?${query}`,
          {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: '{"target":"cpu"}',
          },
        );
        assert.equal(answer.status, 200, await answer.text());
      });
      assert.equal(got.length, 1);
      assert.equal(got[0]?.method, "POST");
      assert.equal(got[0]?.target, `/api/sj/${route}?${query}`);
      assert.equal(got[0]?.body, '{"target":"cpu"}');
      assert.equal(got[0]?.headers.authorization, basic);
      assert.equal(got[0]?.headers["x-api-key"], apiKey);
    });
  }

  test("GET by datasource id keeps its method and reaches only the route", async () => {
    const got = await receivedBy(async () => {
      const answer = await fetch(`${gateway.url}/api/datasources/1/resources/tag-keys?${query}`);
      assert.equal(answer.status, 200);
    });
    assert.deepEqual(
      got.map((r) => [r.method, r.target]),
      [["GET", `/api/sj/tag-keys?${query}`]],
    );
  });

  test("a query string holding dot segments stays a query string", async () => {
    const got = await receivedBy(async () => {
      const answer = await fetch(
        `${gateway.url}/api/datasources/uid/sj/resources/search?/../../../admin/wipe`,
        { method: "POST", body: "{}" },
      );
      assert.equal(answer.status, 200);
    });
    assert.deepEqual(
      got.map((r) => [r.method, r.path, r.query]),
      [["POST", "/api/sj/search", "/../../../admin/wipe"]],
    );
  });

  for (const path of refused) {
    test(`refused with 400: resources/${path}`, async () => {
      const got = await receivedBy(async () => {
        const answer = await rawStatus(`/api/datasources/uid/sj/resources/${path}`);
        assert.equal(answer.status, 400, answer.text);
        assert.match(answer.text, /resource path/);
      });
      assert.deepEqual(got, []);
    });
  }

  test("no climbing into another datasource's resources", async () => {
    for (const path of [
      "/api/datasources/uid/sj/resources/../../other/resources/search",
      "/api/datasources/uid/sj/resources/%2e%2e/%2e%2e/other/resources/search",
      "/api/datasources/1/resources/../../2/resources/search",
      "/api/datasources/uid/sj/resources/..%2f..%2fother%2fresources%2fsearch",
    ]) {
      const got = await receivedBy(async () => {
        const mine = await receivedBy(async () => {
          const answer = await rawStatus(path);
          assert.equal(answer.status, 400, `${path}: ${answer.text}`);
        });
        assert.deepEqual(mine, [], path);
      }, other);
      assert.deepEqual(got, [], path);
    }
  });

  test("a route outside the allow-list is 404 and reaches nothing", async () => {
    const got = await receivedBy(async () => {
      const answer = await fetch(`${gateway.url}/api/datasources/uid/sj/resources/admin/wipe`, {
        method: "POST",
        body: "{}",
      });
      assert.equal(answer.status, 404);
    });
    assert.deepEqual(got, []);
  });
});

/** A CallResourceRequest as Grafana sends it for the `sj` datasource. */
function callResource(path: string, url: string, method = "POST"): Json {
  return {
    pluginContext: {
      orgId: "1",
      pluginId: "grafana-simple-json-backend-datasource",
      dataSourceInstanceSettings: {
        id: "1",
        uid: "sj",
        name: "SJ",
        url: `${upstream.url}/api/sj`,
        basicAuthEnabled: true,
        basicAuthUser: "grafana",
        jsonData: { httpHeaderName1: "X-Api-Key" },
        decryptedSecureJsonData: { basicAuthPassword: password, httpHeaderValue1: apiKey },
      },
    },
    path,
    method,
    url,
    headers: { "Content-Type": { values: ["application/json"] } },
    bodyText: '{"target":"cpu"}',
  };
}

async function callThroughHost(requests: Json[], env = cleanEnv()): Promise<Json[]> {
  const file = join(dir, `resources-${Date.now()}-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(requests));
  const report = await runHost(
    "host-v2",
    shim,
    [],
    ["-versions", "2", "-query=false", "-call-resource", file],
    env,
  );
  assert.equal(report.negotiatedVersion, 2);
  return report.callResource as Json[];
}

describe("protocol 2 CallResource through host-v2", () => {
  test("every route, with Grafana's short and long url forms", async () => {
    const requests = resourcePaths.flatMap((route) => [
      callResource(route, `${route}?${query}`),
      callResource(route, `/api/datasources/uid/sj/resources/${route}?${query}`, "GET"),
    ]);
    const got = await receivedBy(async () => {
      const answers = await callThroughHost(requests);
      for (const answer of answers) assert.equal(answer.code, 200, JSON.stringify(answer));
    });
    assert.deepEqual(
      got.map((r) => [r.method, r.target, r.headers.authorization, r.headers["x-api-key"]]),
      resourcePaths.flatMap((route) => [
        ["POST", `/api/sj/${route}?${query}`, basic, apiKey],
        ["GET", `/api/sj/${route}?${query}`, basic, apiKey],
      ]),
    );
  });

  test("a url whose query string holds dot segments reaches only the route", async () => {
    const got = await receivedBy(async () => {
      const answers = await callThroughHost([
        callResource("search", "search?/../../../admin/wipe"),
        callResource("search", "/api/datasources/uid/sj/resources/search?/../../../admin/wipe"),
      ]);
      assert.deepEqual(
        answers.map((a) => a.code),
        [200, 200],
      );
    });
    assert.deepEqual(
      got.map((r) => [r.path, r.query]),
      [
        ["/api/sj/search", "/../../../admin/wipe"],
        ["/api/sj/search", "/../../../admin/wipe"],
      ],
    );
  });

  test("dot segments, encoded slashes and backslashes in the path: 400, nothing sent", async () => {
    const got = await receivedBy(async () => {
      const answers = await callThroughHost(refused.map((path) => callResource(path, path)));
      answers.forEach((answer, i) => {
        assert.equal(answer.code, 400, `${refused[i]}: ${JSON.stringify(answer)}`);
        assert.match(String(answer.body), /resource path/);
      });
    });
    assert.deepEqual(got, []);
  });
});

describe("handlers without resources refuse the same paths", () => {
  test("demo through the gateway: 400 for a dot segment, 404 otherwise", async () => {
    const demo = await startGateway(["--handler", "demo"]);
    try {
      const dots = await rawExchange(demo.url, [
        "GET /api/datasources/uid/demo/resources/../../x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      ]);
      assert.match(dots.text, /^HTTP\/1\.1 400/);
      const plain = await fetch(`${demo.url}/api/datasources/uid/demo/resources/search?/../../x`);
      assert.equal(plain.status, 404);
    } finally {
      await demo.stop();
    }
  });

  for (const [name, env] of [
    ["demo", { GRAFANA_SHIM_HANDLER: "demo" }],
    [
      "wrap (around ref-plugin-v2)",
      {
        GRAFANA_SHIM_HANDLER: "wrap",
        GRAFANA_SHIM_WRAP_PLUGIN: join(binDir, "ref-plugin-v2"),
        GRAFANA_SHIM_WRAP_PROTOCOL: "2",
      },
    ],
  ] as const) {
    test(`${name} through host-v2: 400 for a dot segment, 404 otherwise`, async () => {
      const answers = await callThroughHost(
        [callResource("../echo", "../echo"), callResource("echo", "echo?/../../x")],
        cleanEnv(env),
      );
      assert.deepEqual(
        answers.map((a) => a.code),
        [400, 404],
      );
    });
  }
});
