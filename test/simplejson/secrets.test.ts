/**
 * No secret the shim holds or sends comes back out: not the password of a datasource URL (in
 * /api/datasources), not what an upstream echoes (the Basic credential in base64, API-key
 * values, forwarded tokens and cookies) in query errors, health messages, resource answers,
 * logs at trace level or recorded fixtures, whether the echo is whole or cut by an excerpt.
 * Through the real executable: the gateway, protocol 2 from host-v2, protocol 1 from
 * host-v101, and the recording proxy between host-v2 and a Simple JSON plugin. A URL user name
 * with a bad %-escape is an error that names the setting and the datasource.
 */
import assert from "node:assert/strict";
import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { type Answer, get, post, type RunningGateway, startGateway } from "../http/gateway.js";
import {
  type Received,
  type RecordingServer,
  startRecordingServer,
} from "../simple-json-servers/recording.js";
import { type Json, runHost, shim, tempDir, v1Request } from "./hosts.js";

const urlPassword = "UrlPw-7c2d:x@y";
const basicPassword = "BasicPw-81e0-secret";
const apiKey = "ApiKey-5f3a-secret";
const bearer = "Bearer-tok-22b9-secret";
const idToken = "IdToken-c4d1-secret";
const cookie = "Cookie-e93f-secret";
const b64 = (text: string) => Buffer.from(text).toString("base64");
const basicPair = b64(`grafana:${basicPassword}`);
const urlPair = b64(`admin:${urlPassword}`);

/** Every form of every secret that must never come out, and the start of a Basic credential. */
const forbidden = [
  ...[urlPassword, basicPassword, apiKey, bearer, idToken, cookie].flatMap((s) => [
    s,
    b64(s).replace(/=+$/, ""),
    encodeURIComponent(s),
  ]),
  basicPair.replace(/=+$/, ""),
  urlPair.replace(/=+$/, ""),
  basicPair.slice(0, 20),
  urlPair.slice(0, 20),
];

function assertClean(text: string, where: string): void {
  for (const secret of forbidden) {
    assert.ok(!text.includes(secret), `${where} shows ${JSON.stringify(secret)}:\n${text}`);
  }
}

/** Echoes the credentials it got: whole in a 500 from /query, cut at the excerpt's end from /cut/query. */
function echo(r: Received) {
  const sent = {
    authorization: r.headers.authorization,
    apiKey: r.headers["x-api-key"],
    idToken: r.headers["x-id-token"],
    cookie: r.headers.cookie,
  };
  if (r.path.startsWith("/cut/")) {
    return { status: 500, body: `${"p".repeat(173)} ${r.headers.authorization}` };
  }
  if (r.path.endsWith("/query")) return { status: 500, body: JSON.stringify(sent) };
  if (r.method === "GET" && r.path.endsWith("/")) {
    return { status: 401, body: JSON.stringify({ message: "who are you?", sent }) };
  }
  return { status: 200, body: JSON.stringify([{ text: "you sent", sent }]) };
}

let upstream: RecordingServer;
let gateway: RunningGateway;
let dir = "";
let host = "";
const gatewayAnswers: Answer[] = [];

before(async () => {
  upstream = await startRecordingServer(echo);
  host = upstream.url.replace("http://", "");
  dir = tempDir("sj-secrets-");
  const yaml = join(dir, "datasources.yaml");
  const basic = `basicAuth: true, basicAuthUser: grafana, jsonData: {httpHeaderName1: X-Api-Key}, secureJsonData: {basicAuthPassword: ${basicPassword}, httpHeaderValue1: ${apiKey}}`;
  writeFileSync(
    yaml,
    [
      "apiVersion: 1",
      "datasources:",
      `  - {name: URL creds, uid: url-creds, id: 1, type: simplejson, url: "http://admin:${encodeURIComponent(urlPassword)}@${host}/full"}`,
      `  - {name: Basic, uid: basic, id: 2, type: simplejson, url: "http://${host}/full", ${basic}}`,
      `  - {name: Cut, uid: cut, id: 3, type: simplejson, url: "http://${host}/cut", ${basic}}`,
      `  - {name: Bad escape, uid: bad-escape, id: 4, type: simplejson, url: "http://ad%zzmin:${encodeURIComponent(urlPassword)}@${host}/full"}`,
      "",
    ].join("\n"),
  );
  gateway = await startGateway(["--handler", "simplejson", "--datasources", yaml], {
    GRAFANA_SHIM_LOG_LEVEL: "trace",
  });
});

after(async () => {
  await gateway?.stop();
  await upstream?.close();
  assertClean(gateway.stderr(), "the gateway's logs");
  assertClean(gateway.stdout(), "the gateway's stdout");
});

async function gw(answer: Promise<Answer>): Promise<Answer> {
  const got = await answer;
  gatewayAnswers.push(got);
  return got;
}

const dsQuery = (uid: string) => ({
  from: "1700000000000",
  to: "1700003600000",
  queries: [{ refId: "A", target: "cpu", datasource: { uid } }],
});

describe("HTTP gateway", () => {
  test("/api/datasources shows a datasource URL without its password", async () => {
    const list = await gw(get(`${gateway.url}/api/datasources`));
    const detail = await gw(get(`${gateway.url}/api/datasources/uid/url-creds`));
    const byId = await gw(get(`${gateway.url}/api/datasources/1`));
    const byName = await gw(get(`${gateway.url}/api/datasources/name/URL%20creds`));
    const shown = `http://admin@${host}/full`;
    assert.equal(list.json[0].url, shown);
    for (const one of [detail, byId, byName]) assert.equal(one.json.url, shown);
    for (const answer of [list, detail, byId, byName]) assertClean(answer.text, "/api/datasources");
  });

  test("query errors redact what the upstream echoed, whole or cut by the excerpt", async () => {
    for (const uid of ["url-creds", "basic", "cut"]) {
      const ds = await gw(post(`${gateway.url}/api/ds/query`, dsQuery(uid)));
      const error = ds.json.results.A.error as string;
      assert.match(error, /POST \/query answered 500/, uid);
      assert.match(error, /\[redacted\]/, uid);
      assertClean(ds.text, `/api/ds/query error of ${uid}`);
    }
    const tsdb = await gw(
      post(`${gateway.url}/api/tsdb/query`, {
        from: "1700000000000",
        to: "1700003600000",
        queries: [{ refId: "A", target: "cpu", datasourceId: 2 }],
      }),
    );
    assert.match(tsdb.json.results.A.error, /\[redacted\]/);
    assertClean(tsdb.text, "/api/tsdb/query error");
  });

  test("resource answers and health messages redact the echo too", async () => {
    for (const uid of ["url-creds", "basic"]) {
      const resource = await gw(
        post(`${gateway.url}/api/datasources/uid/${uid}/resources/search`, { target: "" }),
      );
      assert.equal(resource.status, 200);
      assert.match(resource.text, /\[redacted\]/);
      assertClean(resource.text, `resource answer of ${uid}`);
      const health = await gw(get(`${gateway.url}/api/datasources/uid/${uid}/health`));
      assert.equal(health.json.status, "ERROR");
      assertClean(health.text, `health of ${uid}`);
    }
  });

  test("a URL user name with a bad %-escape names the setting and the datasource", async () => {
    const ds = await gw(post(`${gateway.url}/api/ds/query`, dsQuery("bad-escape")));
    const error = ds.json.results.A.error as string;
    assert.match(error, /datasource "Bad escape"/);
    assert.match(error, /user name in the datasource URL/);
    assert.match(error, /%-escape/);
    assert.notEqual(error, "URI malformed");
    assertClean(ds.text, "the bad escape's error");
    const health = await gw(get(`${gateway.url}/api/datasources/uid/bad-escape/health`));
    assert.match(health.json.message, /datasource "Bad escape".*user name in the datasource URL/);
  });
});

/** The settings of the Basic datasource as Grafana sends them, forwarding the caller's credentials. */
function settings(path: string): Json {
  return {
    id: "2",
    uid: "basic",
    name: "Basic",
    url: `http://${host}${path}`,
    basicAuthEnabled: true,
    basicAuthUser: "grafana",
    jsonData: { httpHeaderName1: "X-Api-Key", oauthPassThru: true, keepCookies: ["session"] },
    decryptedSecureJsonData: { basicAuthPassword: basicPassword, httpHeaderValue1: apiKey },
  };
}
/** Credentials in the URL only: the shim sends them as Basic (no token forwarding to win over them). */
function urlCreds(): Json {
  return {
    ...settings("/full"),
    url: `http://admin:${encodeURIComponent(urlPassword)}@${host}/full`,
    basicAuthEnabled: false,
    basicAuthUser: "",
    jsonData: { keepCookies: ["session"] },
  };
}
const callerHeaders = {
  http_Authorization: `Bearer ${bearer}`,
  "http_X-Id-Token": idToken,
  http_Cookie: `session=${cookie}; theme=dark`,
};

function queryRequest(ds: Json): Json {
  return {
    pluginContext: { orgId: "1", pluginId: "simplejson", dataSourceInstanceSettings: ds },
    headers: callerHeaders,
    queries: [
      {
        refId: "A",
        maxDataPoints: "100",
        intervalMS: "60000",
        timeRange: { fromEpochMS: "1700000000000", toEpochMS: "1700003600000" },
        json: { refId: "A", target: "cpu" },
      },
    ],
  };
}

describe("protocol 2 through host-v2, forwarding the caller's credentials", () => {
  test("query errors, health, resources and the plugin's trace logs hold no secret", async () => {
    const requests = [settings("/full"), settings("/cut"), urlCreds()].map(queryRequest);
    const resources = join(dir, "resources.json");
    writeFileSync(
      resources,
      JSON.stringify(
        [settings("/full"), urlCreds()].map((ds) => ({
          pluginContext: { orgId: "1", pluginId: "simplejson", dataSourceInstanceSettings: ds },
          path: "search",
          method: "POST",
          url: "search",
          headers: {
            Authorization: { values: [`Bearer ${bearer}`] },
            Cookie: { values: [`session=${cookie}`] },
          },
          bodyText: '{"target":""}',
        })),
      ),
    );
    const seen = upstream.received.length;
    const report = await runHost(
      "host-v2",
      shim,
      requests,
      ["-versions", "2", "-check-health", "-call-resource", resources],
      cleanEnv({ GRAFANA_SHIM_LOG_LEVEL: "trace" }),
    );
    const sent = upstream.received.slice(seen);
    assert.ok(
      sent.some((r) => r.headers.authorization === `Bearer ${bearer}`),
      "the caller's token was forwarded (so the echo holds it)",
    );
    assert.ok(sent.some((r) => r.headers.cookie === `session=${cookie}`));
    assert.ok(sent.some((r) => r.headers.authorization === `Basic ${urlPair}`));
    for (const result of report.results as Json[]) {
      assert.match(result.response.A.error, /\[redacted\]/);
    }
    assert.ok((report.callResource as Json[]).every((r) => /\[redacted\]/.test(r.body)));
    assert.ok(
      (report.hostLog as Json[]).some((l) => /query failed/.test(String(l["@message"]))),
      "the plugin's warnings reached the host",
    );
    assertClean(JSON.stringify(report), "host-v2's report (answers and plugin logs)");
  });
});

test("protocol 1 through host-v101: the error text holds no secret", async () => {
  const url = `http://admin:${encodeURIComponent(urlPassword)}@${host}/full`;
  const request = v1Request(url, 1_700_000_000_000, 1_700_003_600_000, [
    { refId: "A", target: "cpu" },
  ]);
  const report = await runHost("host-v101", shim, [request], [], cleanEnv());
  const error = report.results[0].response.results[0].error as string;
  assert.match(error, /\[redacted\]/);
  assertClean(JSON.stringify(report), "host-v101's report");
});

test("the recording proxy writes fixtures without any secret", async () => {
  const out = join(dir, "fixtures");
  const launcher = join(dir, "record.sh");
  writeFileSync(
    launcher,
    `#!/bin/sh\nexec '${process.execPath}' '${shim}' record --plugin '${shim}' --protocol 2 --out '${out}'\n`,
  );
  chmodSync(launcher, 0o755);
  const requests = [settings("/full"), settings("/cut"), urlCreds()].map(queryRequest);
  await runHost("host-v2", launcher, requests, ["-versions", "2", "-check-health"], cleanEnv());
  const files = readdirSync(out);
  assert.ok(files.length > 0, "fixtures were written");
  for (const file of files) {
    const text = readFileSync(join(out, file), "utf8");
    assert.match(text, /\[redacted\]/);
    assertClean(text, `fixture ${file}`);
  }
});
