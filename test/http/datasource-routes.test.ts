/**
 * The datasource side of the gateway over real HTTP: provisioned datasources
 * listed without secrets, the bearer token, per-datasource health and
 * resources routed to the handler (404/501 where the handler has none), and
 * no secret in any answer or log line.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  type Answer,
  answerOf,
  fixtures,
  get,
  post,
  type RunningGateway,
  startGateway,
} from "./gateway.js";

const env = {
  UPSTREAM_URL: "http://upstream.example:9090",
  DB_USER: "grafana",
  SECRET_PASSWORD: "pw-Zq9-do-not-leak",
  SECRET_API_KEY: "key-7f3e-do-not-leak",
  GRAFANA_SHIM_HTTP_TOKEN: "tok-5a1b-do-not-leak",
};
const secrets = [env.SECRET_PASSWORD, env.SECRET_API_KEY, env.GRAFANA_SHIM_HTTP_TOKEN];
const auth = { Authorization: `Bearer ${env.GRAFANA_SHIM_HTTP_TOKEN}` };

let gw: RunningGateway;
/** Every answer the gateway itself wrote, checked for secrets at the end. */
const answers: Answer[] = [];
const call = async (path: string, init: RequestInit = {}) => {
  const headers = { ...auth, ...(init.headers as Record<string, string>) };
  const answer = await answerOf(await fetch(`${gw.url}${path}`, { ...init, headers }));
  answers.push(answer);
  return answer;
};

before(async () => {
  const args = [
    "--handler",
    "dist/test/handlers/echo-frames.js",
    "--datasources",
    join(fixtures, "provisioning.yaml"),
  ];
  gw = await startGateway(args, env);
});

after(async () => {
  assert.equal(await gw.stop(), 0);
  for (const secret of secrets) {
    for (const answer of answers)
      assert.ok(!answer.text.includes(secret), `answer leaks a secret: ${answer.text}`);
    assert.ok(!gw.stderr().includes(secret), "logs leak a secret");
    assert.ok(!gw.stdout().includes(secret), "stdout leaks a secret");
  }
  assert.ok(
    gw.logs().some((l) => l["@message"] === "request" && l.path === "/api/datasources"),
    "access logs",
  );
});

describe("bearer token", () => {
  test("/api/health is open; everything else needs the token", async () => {
    assert.equal((await get(`${gw.url}/api/health`)).status, 200);
    const none = await get(`${gw.url}/api/datasources`);
    assert.equal(none.status, 401);
    assert.deepEqual(none.json, { message: "Unauthorized" });
    assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="grafana-shim"');
    assert.equal(
      (await get(`${gw.url}/api/datasources`, { Authorization: "Bearer wrong" })).status,
      401,
    );
    assert.equal((await post(`${gw.url}/api/ds/query`, { queries: [] })).status, 401);
    assert.equal((await get(`${gw.url}/api/nothing`)).status, 401, "no route list for strangers");
    const lower = await get(`${gw.url}/api/datasources`, {
      Authorization: `bearer ${env.GRAFANA_SHIM_HTTP_TOKEN}`,
    });
    assert.equal(lower.status, 200);
  });

  test("the playground page and its assets hold no data and need no token; nothing else opens", async () => {
    const page = await get(`${gw.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(
      page.headers.get("content-security-policy") ?? "",
      /^default-src 'none'; script-src 'self'; .*connect-src 'self'/,
    );
    assert.match(page.text, /<script defer src="\/playground\/playground\.js">/);
    for (const asset of ["/playground/playground.js", "/playground/playground.css"])
      assert.equal((await get(`${gw.url}${asset}`)).status, 200, asset);
    for (const path of ["/playground/other.js", "/index.html", "/playground/"])
      assert.equal((await get(`${gw.url}${path}`)).status, 401, path);
    assert.equal((await post(`${gw.url}/`, {})).status, 401);
  });
});

describe("datasources", () => {
  test("GET /api/datasources lists them as Grafana does, expanded, without secrets", async () => {
    const list = await call("/api/datasources");
    assert.equal(list.status, 200);
    assert.deepEqual(list.json[0], {
      id: 1,
      uid: "echo-ok",
      orgId: 1,
      name: "Echo OK",
      type: "grafana-shim-echo",
      typeName: "grafana-shim-echo",
      typeLogoUrl: "",
      access: "proxy",
      url: "http://upstream.example:9090/api",
      user: "grafana",
      database: "",
      basicAuth: true,
      isDefault: true,
      jsonData: {
        health: {
          status: "ok",
          message: "upstream http://upstream.example:9090 is fine",
          details: { checked: true },
        },
        price: "$5",
        retries: 83,
      },
      readOnly: true,
    });
    assert.deepEqual(
      list.json.map((d: { id: number }) => d.id),
      [1, 7],
    );
  });

  test("one datasource by uid, id or name: secrets only as secureJsonFields", async () => {
    const byUid = await call("/api/datasources/uid/echo-ok");
    assert.deepEqual(byUid.json.secureJsonFields, { password: true, apiKey: true });
    assert.equal(byUid.json.basicAuthUser, "admin");
    assert.deepEqual((await call("/api/datasources/7")).json.secureJsonFields, {
      basicAuthPassword: true,
    });
    assert.equal((await call("/api/datasources/name/Echo%20Broken")).json.uid, "echo-broken");
    const missing = await call("/api/datasources/uid/nope");
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { message: "Data source not found" });
    assert.deepEqual((await call("/api/datasources/x1")).json, { message: "id is invalid" });
  });

  test("health checks go to the handler's checkHealth", async () => {
    const ok = await call("/api/datasources/uid/echo-ok/health");
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, {
      status: "OK",
      message: "upstream http://upstream.example:9090 is fine",
      details: { checked: true },
    });
    const broken = await call("/api/datasources/7/health");
    assert.equal(broken.status, 400);
    assert.deepEqual(broken.json, {
      status: "ERROR",
      message: "cannot reach http://upstream.example:9090",
    });
    assert.equal((await call("/api/datasources/uid/nope/health")).status, 404);
  });

  test("resources go to the handler's callResource, without the gateway's credentials", async () => {
    const echo = await call("/api/datasources/uid/echo-ok/resources/echo/sub?x=1&y=two", {
      method: "POST",
      body: "hello",
      headers: { "X-Custom": "v", Cookie: "grafana_session=abc", "Content-Type": "text/plain" },
    });
    assert.equal(echo.status, 200);
    const seen = JSON.parse(echo.text);
    assert.equal(seen.method, "POST");
    assert.equal(seen.path, "echo/sub");
    assert.equal(seen.url, "echo/sub?x=1&y=two");
    assert.equal(seen.body, "hello");
    assert.deepEqual(seen.headers["x-custom"], ["v"]);
    assert.equal(seen.headers.authorization, undefined);
    assert.equal(seen.headers.cookie, undefined);
    answers.pop(); // the echo handler shows the datasource's secrets on purpose: its answer, not the gateway's
    const teapot = await call("/api/datasources/7/resources/status/418");
    assert.equal(teapot.status, 418);
    const bytes = await call("/api/datasources/uid/echo-broken/resources/bytes/100000");
    assert.equal(bytes.text.length, 100_000);
    assert.match(bytes.headers.get("content-type") ?? "", /^text\/plain/);
    assert.equal(
      (await call("/api/datasources/uid/echo-ok/resources")).status,
      404,
      "no path: the handler's 404",
    );
    assert.equal((await call("/api/datasources/uid/nope/resources/echo")).status, 404);
  });

  test("a query with a datasource's secrets answers without them", async () => {
    const answer = await call("/api/ds/query", {
      method: "POST",
      body: JSON.stringify({
        queries: [{ refId: "A", datasource: { uid: "echo-ok" }, answer: { error: "no" } }],
      }),
      headers: { "Content-Type": "application/json" },
    });
    assert.equal(answer.status, 400);
  });
});

describe("handlers without health or resources", () => {
  let demo: RunningGateway;
  let legacy: RunningGateway;
  before(async () => {
    demo = await startGateway();
    legacy = await startGateway(["--handler", "dist/test/handlers/echo-legacy.js"]);
  });
  after(async () => {
    await demo.stop();
    await legacy.stop();
  });

  test("resources: 404 JSON", async () => {
    const answer = await post(`${demo.url}/api/datasources/uid/demo/resources/anything`, {});
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.json, { message: "Not found: this handler has no resources" });
  });

  test("health: 501 JSON, Grafana's words", async () => {
    const answer = await get(`${legacy.url}/api/datasources/uid/echo-legacy/health`);
    assert.equal(answer.status, 501);
    assert.deepEqual(answer.json, { status: "UNKNOWN", message: "Health check not implemented" });
    const demoHealth = await get(`${demo.url}/api/datasources/1/health`);
    assert.equal(demoHealth.json.status, "OK");
  });
});
