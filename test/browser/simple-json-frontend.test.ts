/**
 * The React frontend `grafana-shim package` writes, in headless Chromium on the real packages of
 * current Grafana (13.x, React 19) and of the oldest Grafana its plugin.json allows (9.0, React
 * 17): module.js loaded through an AMD loader, the settings page writing the keys the backend
 * reads, the query editor edited by typing and picking, queries through the gateway's
 * /api/ds/query into the simplejson handler and a Simple JSON server, an old dashboard's stored
 * targets giving the numbers Grafana 6's protocol 1 gives, variables, annotations, ad hoc
 * filters, Save & test, and a failing server's error in the answer. Screenshots are printed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { amdDependencies, isGrafanaProvided } from "../../src/cli/frontend-bundle.js";
import { grafanaDependency } from "../../src/cli/package-frontend.js";
import { cleanEnv } from "../clean-env.js";
import { type RunningGateway, startGateway } from "../http/gateway.js";
import { startClassicServer } from "../simple-json-servers/classic.js";
import { type FaultyServer, startFaultyServer } from "../simple-json-servers/faulty.js";
import type { RunningServer } from "../simple-json-servers/serve.js";
import { type Json, runHost, shim, tempDir, v1Request } from "../simplejson/hosts.js";
import { type Data, fromFrames, fromV1 } from "../simplejson/normalize.js";
import { currentGrafana, type GrafanaRelease, oldestGrafana, root } from "./grafana-bundle.js";
import { launchBrowser, type RunningBrowser } from "./launch.js";
import { openPluginPage, type PluginPage } from "./plugin-page.js";
import { screenshot } from "./screenshots.js";

const run = promisify(execFile);
const pluginId = "grafana-simple-json-backend-datasource";
const fromMs = 1_700_000_000_000;
const range = { fromMs, toMs: fromMs + 3_600_000 };
const dashboard = JSON.parse(
  readFileSync(join(root, "test/fixtures/simplejson/old-dashboard.json"), "utf8"),
) as Json;

interface Answer {
  frames: Json[];
  errors: { refId?: string; message?: string; status?: number }[];
}

let classic: RunningServer;
let faulty: FaultyServer;
let gateway: RunningGateway;
let browser: RunningBrowser;
let pluginDir = "";

const settingsOf = (uid: string, id: number, name: string, url: string) => ({
  id,
  uid,
  name,
  type: pluginId,
  url,
  access: "proxy",
  jsonData: {},
  readOnly: false,
  meta: { id: pluginId, name: "Simple Json backend", info: { logos: { small: "", large: "" } } },
});

before(async () => {
  [classic, faulty, browser] = await Promise.all([
    startClassicServer(),
    startFaultyServer(),
    launchBrowser(),
  ]);
  const dir = tempDir("sj-frontend-");
  pluginDir = join(dir, "plugin");
  // --targets: the test runs the linux_amd64 executable only, and writing the others takes time.
  await run(
    process.execPath,
    [
      shim,
      "package",
      "--plugin-dir",
      join(root, "test/fixtures/simplejson/old-plugin"),
      "--out",
      pluginDir,
      "--targets",
      "linux_amd64",
    ],
    { timeout: 120_000 },
  );
  const yaml = join(dir, "datasources.yaml");
  writeFileSync(
    yaml,
    [
      "apiVersion: 1",
      "datasources:",
      `  - {name: Simple JSON, uid: sj, id: 1, type: ${pluginId}, url: "${classic.url}", isDefault: true}`,
      `  - {name: Broken, uid: broken, id: 2, type: ${pluginId}, url: "${faulty.urlOf("status500")}"}`,
      `  - {name: Old server, uid: sj-old, id: 3, type: ${pluginId}, url: "${classic.url}", jsonData: {requestCompat: backend-1.0}}`,
      "",
    ].join("\n"),
  );
  gateway = await startGateway(["--handler", "simplejson", "--datasources", yaml]);
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
  await Promise.all([classic?.close(), faulty?.close()]);
});

test("module.js is an AMD module whose dependencies are all provided by Grafana", () => {
  const file = join(pluginDir, "module.js");
  const dependencies = amdDependencies(file);
  assert.deepEqual(dependencies, ["@grafana/data", "@grafana/runtime", "@grafana/ui", "react"]);
  assert.ok(dependencies.every(isGrafanaProvided));
  const text = readFileSync(file, "utf8");
  assert.doesNotMatch(text, /jsx-runtime|angular|app\/plugins/);
  const plugin = JSON.parse(readFileSync(join(pluginDir, "plugin.json"), "utf8")) as Json;
  assert.equal(plugin.id, pluginId);
  assert.deepEqual(plugin.info.logos, {
    small: "img/simpleJson_logo.svg",
    large: "img/simpleJson_logo.svg",
  });
  for (const key of ["backend", "alerting", "annotations", "metrics"])
    assert.equal(plugin[key], true);
  assert.equal(plugin.dependencies.grafanaDependency, grafanaDependency);
  assert.equal(plugin.partials, undefined, "the Angular config partial is gone");
  const settings = JSON.parse(readFileSync(join(pluginDir, "grafana-shim.json"), "utf8")) as Json;
  assert.equal(settings.simplejson?.requestCompat, "backend-1.0");
});

for (const release of [currentGrafana, oldestGrafana]) {
  describe(`on Grafana ${release.version}'s packages`, { concurrency: false }, () => {
    let page: PluginPage;

    before(async () => {
      page = await openPluginPage(browser, release, pluginDir, gateway.url);
      await page.call("start", {
        datasources: [
          settingsOf("sj", 1, "Simple JSON", classic.url),
          settingsOf("broken", 2, "Broken", faulty.urlOf("status500")),
          settingsOf("sj-old", 3, "Old server", classic.url),
        ],
        variables: variablesOf(dashboard),
      });
      await page.call("load", "/plugin/module.js");
    });
    after(async () => {
      await page?.close();
    });

    test("the settings page writes the keys the simplejson backend reads", async () => {
      await configEditorScenario(page, release);
    });

    test("the query editor: a metric typed and picked from /search, free text, format, payload, live", async () => {
      await queryEditorScenario(page, release);
    });

    // The packaged plugin keeps the old plugin's requests ("backend-1.0" in its grafana-shim.json);
    // a datasource may ask for the spec's. Both modes give the same numbers both ways.
    for (const [mode, uid] of [
      ["backend-1.0", "sj-old"],
      ["spec", "sj"],
    ] as const) {
      test(`an old dashboard's targets give the numbers of /api/tsdb/query through Grafana 6's protocol 1 (requestCompat ${mode})`, async () => {
        const targets = dashboard.panels[0].targets as Json[];
        const seen = classic.seen.length;
        const answer = await page.call<Answer>("runQuery", uid, targets, range, {
          maxDataPoints: 100,
          intervalMs: 30_000,
        });
        assert.deepEqual(answer.errors, []);
        const dashboardTargets = new Set(["upper_50", "(upper_25|upper_75)", "upper_90"]);
        const calls = classic.seen
          .slice(seen)
          .filter((c) => c.path === "/query")
          .filter((c) =>
            ((c.body as Json).targets as Json[]).every((t) => dashboardTargets.has(t.target)),
          );
        const from = (calls[0]?.body as Json | undefined)?.range?.from;
        if (mode === "backend-1.0") {
          assert.equal(calls.length, 1, "one /query call for the request, as the old plugin");
          assert.equal(from, String(range.fromMs), "the raw range text");
        } else {
          assert.equal(calls.length, 3, "one /query call per query");
          assert.equal(from, new Date(range.fromMs).toISOString());
        }
        const viaReact = byRefId(answer.frames);
        const viaGrafana6 = await oldFrontendThroughProtocol1(page, targets, mode);
        assert.deepEqual(
          Object.keys(viaReact).sort(),
          ["A", "B", "C"],
          "placeholder and hidden skipped",
        );
        assert.deepEqual(viaReact, viaGrafana6);
        assert.equal(viaReact.A?.series[0]?.name, "upper_50");
        assert.equal(viaReact.B?.series[0]?.name, "(upper_25|upper_75)");
        assert.equal(viaReact.C?.tables[0]?.rows.length, 3);
        assert.ok((viaReact.A?.series[0]?.points.length ?? 0) > 50);
        await screenshot(page.page, `simple-json-dashboard-${mode}-${release.version}`);
      });
    }

    test("variables, annotations and ad hoc filters reach /search, /annotations, /tag-keys and /tag-values", async () => {
      await resourcesScenario(page, release);
    });

    test("a live query's series are subscribed through Grafana Live on the backend's channel", async () => {
      const live = { refId: "L", target: "upper_25", type: "timeserie", live: true };
      const answer = await page.call<Answer>("runQuery", "sj", [live], range);
      assert.deepEqual(answer.errors, []);
      assert.equal(answer.frames.length, 1);
      const addr = (await page.call<Json[]>("liveSubscriptions")).at(-1);
      assert.equal(addr?.scope, "ds");
      // Grafana 9 names the datasource part `namespace`, later Grafana `stream`.
      assert.equal(addr?.stream ?? addr?.namespace, "sj");
      assert.match(addr?.path ?? "", /^simplejson\/[^/]+\/[^/]+\/\d+$/);
    });

    test("Save & test runs CheckHealth; a failing server's error is the query's result", async () => {
      assert.deepEqual(await page.call("testDatasource", "sj"), {
        status: "success",
        message: "Data source is working",
      });
      const broken = await page.call<{ status: string; message: string }>(
        "testDatasource",
        "broken",
      );
      assert.match(broken.message, /answered 404 Not Found|answered 500/);
      const answer = await page.call<Answer>(
        "runQuery",
        "broken",
        [{ refId: "A", target: "cpu" }],
        range,
      );
      assert.equal(answer.frames.length, 0);
      assert.equal(answer.errors[0]?.refId, "A");
      assert.match(
        answer.errors[0]?.message ?? "",
        /Simple JSON server POST \/query answered 500 Internal Server Error: .*database is down/,
      );
      const shown = await page.page.locator("#answer").textContent();
      assert.match(shown ?? "", /database is down/);
      await screenshot(page.page, `simple-json-error-${release.version}`);
      assert.deepEqual(unexpectedProblems(browser.problems), []);
    });
  });
}

/** The dashboard's variables with their saved current values. */
function variablesOf(board: Json): { name: string; value: string | string[] }[] {
  return (board.templating.list as Json[]).map((v) => ({ name: v.name, value: v.current.value }));
}

/**
 * The old Angular frontend's request (its buildQueryParameters: placeholder and hidden targets
 * dropped, targets interpolated with the regex format, type defaulted) as Grafana 6 hands it to
 * the plugin over protocol 1: no intervalMs or maxDataPoints in the body, so 1000 and 100.
 */
async function oldFrontendThroughProtocol1(
  page: PluginPage,
  targets: Json[],
  mode: "backend-1.0" | "spec",
): Promise<Record<string, Data>> {
  const queries: Json[] = [];
  for (const t of targets) {
    if (t.target === "select metric" || t.hide === true) continue;
    queries.push({
      queryType: "query",
      target: await page.call<string>("replace", t.target, "regex"),
      refId: t.refId,
      type: t.type || "timeserie",
      datasourceId: 1,
      ...(t.hide !== undefined ? { hide: t.hide } : {}),
    });
  }
  // backend-1.0 comes from the packaged grafana-shim.json; spec is the datasource's own setting.
  const jsonData = mode === "spec" ? { requestCompat: "spec" } : {};
  const request = v1Request(classic.url, range.fromMs, range.toMs, queries, jsonData);
  for (const q of request.queries as Json[]) q.intervalMs = "1000";
  const report = await runHost(
    "host-v101",
    join(pluginDir, "simple-json-plugin_linux_amd64"),
    [request],
    [],
    cleanEnv(),
  );
  assert.equal(report.negotiatedVersion, 1);
  return fromV1(report.results[0].response);
}

function byRefId(frames: Json[]): Record<string, Data> {
  const out: Record<string, Json[]> = {};
  for (const f of frames) {
    const list = out[f.schema.refId] ?? [];
    list.push(f);
    out[f.schema.refId] = list;
  }
  return Object.fromEntries(Object.entries(out).map(([refId, fs]) => [refId, fromFrames(fs)]));
}

async function configEditorScenario(page: PluginPage, release: GrafanaRelease): Promise<void> {
  const initial = {
    ...settingsOf("configured", 3, "Configured", ""),
    orgId: 1,
    typeName: "Simple Json backend",
    typeLogoUrl: "",
    basicAuth: false,
    basicAuthUser: "",
    withCredentials: false,
    isDefault: false,
    secureJsonFields: {},
    database: "",
    user: "",
    version: 1,
  };
  await page.call("renderConfig", initial);
  const p = page.page;
  await p.getByPlaceholder("http://localhost:8080").fill(classic.url);
  await p.locator("#http-settings-basic-auth").dispatchEvent("click");
  await p.getByPlaceholder("user", { exact: true }).fill("alice");
  await p.getByPlaceholder("Password", { exact: true }).fill("s3cret");
  await p.locator("#http-settings-skip-tls-verify").dispatchEvent("click");
  await p.locator("#http-settings-forward-oauth").dispatchEvent("click");
  await p.getByPlaceholder("Timeout in seconds").fill("7");
  await p.getByPlaceholder("New tag (enter key to add)").fill("session");
  await p.getByPlaceholder("New tag (enter key to add)").press("Enter");
  await p.getByRole("button", { name: "Add header" }).click();
  await p.getByPlaceholder("X-Custom-Header").fill("X-Team");
  await p.getByPlaceholder("Header Value").fill("blue");
  await p.getByPlaceholder("Header Value").press("Tab");
  await p.locator("#simple-json-max-response").fill("2");
  const written = await page.call<Json>("config");
  await screenshot(p, `simple-json-config-${release.version}`);
  assert.equal(written.url, classic.url);
  assert.equal(written.basicAuth, true);
  assert.equal(written.basicAuthUser, "alice");
  assert.deepEqual(written.secureJsonData, {
    basicAuthPassword: "s3cret",
    httpHeaderValue1: "blue",
  });
  assert.deepEqual(written.jsonData, {
    tlsSkipVerify: true,
    oauthPassThru: true,
    timeout: 7,
    keepCookies: ["session"],
    httpHeaderName1: "X-Team",
    maxResponseMiB: 2,
  });
  // Those settings, provisioned as Grafana would store them, make the backend send both headers.
  const dir = tempDir("sj-config-");
  const yaml = join(dir, "configured.yaml");
  const provisioned = {
    name: "Configured",
    uid: "configured",
    type: pluginId,
    url: written.url,
    basicAuth: written.basicAuth,
    basicAuthUser: written.basicAuthUser,
    jsonData: written.jsonData,
    secureJsonData: written.secureJsonData,
  };
  writeFileSync(yaml, `apiVersion: 1\ndatasources: [${JSON.stringify(provisioned)}]\n`);
  const configured = await startGateway(["--handler", "simplejson", "--datasources", yaml]);
  try {
    const seen = classic.seen.length;
    const answer = await fetch(`${configured.url}/api/ds/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        from: String(range.fromMs),
        to: String(range.toMs),
        queries: [{ refId: "A", target: "upper_25", datasource: { uid: "configured" } }],
      }),
    });
    assert.equal(answer.status, 200, await answer.text());
    const call = classic.seen.slice(seen).find((s) => s.path === "/query");
    assert.equal(
      call?.headers.authorization,
      `Basic ${Buffer.from("alice:s3cret").toString("base64")}`,
    );
    assert.equal(call?.headers["x-team"], "blue");
  } finally {
    await configured.stop();
  }
}

async function queryEditorScenario(page: PluginPage, release: GrafanaRelease): Promise<void> {
  const p = page.page;
  const stored = { refId: "A", target: "select metric", type: "timeserie" };
  await page.call("renderQuery", "sj", stored, range);
  const metric = p.locator("#simple-json-metric-A");
  const edited = () => page.call<Json>("editedQuery");
  const waitFor = async (check: (q: Json) => boolean, what: string) => {
    for (let i = 0; i < 100 && !check(await edited()); i++) await p.waitForTimeout(50);
    assert.ok(check(await edited()), `${what}: ${JSON.stringify(await edited())}`);
  };

  // Picking: the typed text goes to /search, whose answer is the option list.
  await metric.click();
  await p.keyboard.type("upper_7");
  await p.getByText("upper_75", { exact: true }).click();
  await waitFor((q) => q.target === "upper_75", "the picked metric is the target");
  await p.locator("#answer").getByText("upper_75").first().waitFor();
  const searched = classic.seen.filter((s) => s.path === "/search").map((s) => s.body);
  assert.ok(
    searched.some((b) => (b as Json)?.target === "upper_7"),
    JSON.stringify(searched),
  );

  // Free text: a metric the server does not list.
  await metric.click();
  await p.keyboard.type("custom_metric");
  await p
    .getByText(/custom_metric/)
    .last()
    .waitFor();
  await p.keyboard.press("Enter");
  await waitFor((q) => q.target === "custom_metric", "typed text is the target");
  await p.locator("#answer").getByText("custom_metric").first().waitFor();

  // Live is offered for time series only; format table.
  assert.equal(await p.locator("#simple-json-live-A").count(), 1);
  await p.locator("#simple-json-live-A").dispatchEvent("click");
  await waitFor((q) => q.live === true, "live on");
  // Grafana 13's radio input lies over its label: the click lands on whatever is on top.
  await p.getByText("Table", { exact: true }).click({ force: true });
  await waitFor((q) => q.type === "table" && q.live === undefined, "table, live off");
  assert.equal(await p.locator("#simple-json-live-A").count(), 0);

  // Payload: bad JSON is shown and not taken; good JSON is.
  const payload = p.locator("#simple-json-payload-A");
  const beforePayload = classic.seen.length;
  await payload.fill('{"directions": [');
  await payload.press("Tab");
  await p.getByText(/Payload is not JSON/).waitFor();
  assert.equal((await edited()).payload, undefined);
  await screenshot(p, `simple-json-payload-error-${release.version}`);
  await payload.fill('{"directions": ["in"], "host": "$metric"}');
  await payload.press("Tab");
  await waitFor((q) => q.payload?.directions?.[0] === "in", "payload taken");
  assert.equal(await p.getByText(/Payload is not JSON/).count(), 0);
  const withPayload = () =>
    classic.seen
      .slice(beforePayload)
      .find((s) => s.path === "/query" && (s.body as Json).targets[0].payload)?.body;
  for (let i = 0; i < 100 && !withPayload(); i++) await p.waitForTimeout(50);
  const last = withPayload() as Json;
  assert.deepEqual(last.targets[0].payload, { directions: ["in"], host: "upper_50" });
  assert.equal(last.targets[0].type, "table");
  assert.ok((await page.call<number>("queryRuns")) >= 5);
  await screenshot(p, `simple-json-query-editor-${release.version}`);
}

async function resourcesScenario(page: PluginPage, release: GrafanaRelease): Promise<void> {
  const values = await page.call<Json[]>("findValues", "sj", "map");
  assert.deepEqual(values.slice(0, 2), [
    { text: "upper_25", value: 1 },
    { text: "upper_50", value: 2 },
  ]);
  const plain = await page.call<Json[]>("findValues", "sj", "upper_9");
  assert.deepEqual(plain, [
    { text: "upper_90", value: "upper_90" },
    { text: "upper_95", value: "upper_95" },
  ]);
  assert.deepEqual(await page.call("tagKeys", "sj"), [
    { text: "City", value: "City" },
    { text: "Country", value: "Country" },
  ]);
  assert.deepEqual(
    ((await page.call<Json[]>("tagValues", "sj", "City")) ?? []).map((v) => v.text),
    ["Eins!", "Zwei", "Drei!"],
  );
  const seen = classic.seen.slice(-10).map((s) => `${s.path} ${JSON.stringify(s.body)}`);
  assert.ok(seen.includes('/tag-values {"key":"City"}'), seen.join("\n"));
  const calls = page.server.apiCalls.map((c) => `${c.method} ${c.path}`);
  for (const resource of ["search", "tag-keys", "tag-values"]) {
    assert.ok(
      calls.some(
        (c) => /^POST \/api\/datasources\/(uid\/sj|1)\/resources\//.test(c) && c.endsWith(resource),
      ),
      `${resource}: ${calls.join(", ")}`,
    );
  }

  // The old annotation as the dashboard stored it; its query text with the glob format.
  const stored = {
    name: "Deploys",
    datasource: "Simple JSON",
    enable: true,
    iconColor: "red",
    query: "#deploy $metric",
  };
  const annotations = await page.call<Answer>("annotations", "sj", stored, range);
  assert.deepEqual(annotations.errors, []);
  const frame = annotations.frames[0] as Json;
  assert.equal(frame.schema.meta.dataTopic, "annotations");
  assert.deepEqual(
    frame.data.values[frame.schema.fields.findIndex((f: Json) => f.name === "title")],
    ["deploy", "rollback"],
  );
  const posted = classic.seen.filter((s) => s.path === "/annotations").at(-1)?.body as Json;
  assert.deepEqual(posted.annotation, {
    name: "Deploys",
    datasource: "Simple JSON",
    enable: true,
    iconColor: "red",
    query: "#deploy upper_50",
  });
  await screenshot(page.page, `simple-json-annotations-${release.version}`);

  // Ad hoc filters: passed in the request (Grafana 10.3+) or read from the template service.
  const filters = [{ key: "City", operator: "=", value: "Eins!" }];
  await page.call("setVariables", variablesOf(dashboard), filters);
  await page.call("runQuery", "sj", [{ refId: "A", target: "upper_25" }], range, { filters });
  const query = classic.seen.filter((s) => s.path === "/query").at(-1)?.body as Json;
  assert.deepEqual(query.adhocFilters, filters);
  await page.call("setVariables", variablesOf(dashboard), []);
}

/**
 * Page errors and console errors, less the browser's notes of non-2xx answers: failed queries
 * answer 400 on purpose, and the page has no Grafana server for icons (404).
 */
function unexpectedProblems(problems: readonly string[]): string[] {
  return problems.filter(
    (p) => !/Failed to load resource: the server responded with a status of/.test(p),
  );
}
