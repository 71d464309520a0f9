/**
 * The gateway's playground (GET / of serve-http) and the report of `replay --html`, in headless
 * Chromium: the demo datasource listed and its default query drawn by uPlot with the demo series
 * in the legend, the same numbers through /api/tsdb/query, a failing Simple JSON server's error
 * where the chart would be, the metric picker fed by /search, the token asked for and sent as a
 * bearer token, a phone-width screen, and the replay report of a broken handler with its
 * mismatch chart and marked cells. No page makes a request beyond 127.0.0.1 (or its own file).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Page, Request } from "playwright-core";
import { type RunningGateway, startGateway } from "../http/gateway.js";
import { corpus, htmlReplayArgs, root, runShim } from "../replay/run-shim.js";
import { metrics, startClassicServer } from "../simple-json-servers/classic.js";
import { type FaultyServer, startFaultyServer } from "../simple-json-servers/faulty.js";
import type { RunningServer } from "../simple-json-servers/serve.js";
import { launchBrowser, type RunningBrowser } from "./launch.js";
import { screenshot } from "./screenshots.js";

const token = "playground-test-token-7f3a";
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };

let browser: RunningBrowser;
let demo: RunningGateway;
let simpleJson: RunningGateway;
let guarded: RunningGateway;
let classic: RunningServer;
let faulty: FaultyServer;
let dir = "";
/** Every request any page made, with its headers. */
const requests: Request[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "grafana-shim-playground-"));
  [browser, classic, faulty] = await Promise.all([
    launchBrowser(desktop),
    startClassicServer(),
    startFaultyServer(),
  ]);
  browser.context.on("request", (r) => requests.push(r));
  const yaml = join(dir, "datasources.yaml");
  writeFileSync(
    yaml,
    [
      "apiVersion: 1",
      "datasources:",
      `  - {name: Simple JSON, uid: sj, type: grafana-simple-json-datasource, url: "${classic.url}", isDefault: true}`,
      `  - {name: Broken, uid: broken, type: grafana-simple-json-datasource, url: "${faulty.urlOf("status500")}"}`,
      "",
    ].join("\n"),
  );
  [demo, simpleJson, guarded] = await Promise.all([
    startGateway(),
    startGateway(["--handler", "simplejson", "--datasources", yaml]),
    startGateway([], { GRAFANA_SHIM_HTTP_TOKEN: token }),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([demo?.stop(), simpleJson?.stop(), guarded?.stop()]);
  await Promise.all([classic?.close(), faulty?.close()]);
  rmSync(dir, { recursive: true, force: true });
  // Pages load only from the gateways on 127.0.0.1 and from the report's own file.
  const away = requests
    .map((r) => r.url())
    .filter((u) => !/^(http:\/\/127\.0\.0\.1:\d+\/|file:\/\/|data:|about:)/.test(u));
  assert.deepEqual(away, [], "no request leaves 127.0.0.1");
  assert.ok(requests.length > 0);
  // The failing upstream's 500 (its /search) and 400 (its queries), the token-less 401 are meant.
  const expected = /Failed to load resource: the server responded with a status of (400|401|500)/;
  assert.deepEqual(
    browser.problems.filter((p) => !expected.test(p)),
    [],
  );
});

async function openPlayground(gateway: RunningGateway, viewport = desktop): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${gateway.url}/`);
  return page;
}

async function answered(page: Page, shape: "ds" | "tsdb"): Promise<void> {
  await page.locator(`#results[data-state="done"][data-shape="${shape}"]`).waitFor();
}

const legend = (page: Page, refId = "A") =>
  page.locator(`.query[data-ref-id="${refId}"] .u-legend .u-series .u-label`).allTextContents();

/** The cells of the query's time series table, row by row. */
async function seriesTable(page: Page, refId = "A"): Promise<string[][]> {
  const table = page.locator(`.query[data-ref-id="${refId}"] .grid table`).first();
  const header = await table.locator("thead th").allTextContents();
  const rows = await table.locator("tbody tr").all();
  const cells = await Promise.all(rows.map((r) => r.locator("td").allTextContents()));
  return [header, ...cells];
}

describe("the playground", { concurrency: false }, () => {
  test("lists the demo datasource, runs the default query and draws the demo series", async () => {
    const page = await openPlayground(demo);
    await answered(page, "ds");
    const options = await page.locator("#datasource option").allTextContents();
    assert.deepEqual(options, ["grafana-shim demo (uid demo, id 1)"]);
    assert.deepEqual(JSON.parse(await page.locator("#query").inputValue()), {
      refId: "A",
      series: 2,
      format: "time_series",
    });
    assert.deepEqual(await legend(page), ["time (UTC)", "demo.sine", "demo.cosine"]);
    const canvas = page.locator('.query[data-ref-id="A"] .chart canvas');
    assert.equal(await canvas.count(), 1);
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 600 && box.height > 150, `chart drawn: ${JSON.stringify(box)}`);
    // The time under the cursor, on Grafana's 24-hour clock (uPlot's own format is 12-hour).
    await page.locator('.query[data-ref-id="A"] .chart .u-over').hover();
    const legendTime = page.locator('.query[data-ref-id="A"] .u-legend .u-series .u-value');
    assert.match(
      (await legendTime.first().textContent()) ?? "",
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
    );
    const table = await seriesTable(page);
    assert.deepEqual(table[0], ["#", "time (UTC)", "demo.sine", "demo.cosine"]);
    assert.ok(table.length > 50, `rows: ${table.length}`);
    assert.match(table[1]?.[0] ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    await screenshot(page, "playground-demo");
    await page.close();
  });

  test("switches to /api/tsdb/query and shows the same numbers", async () => {
    const page = await openPlayground(demo);
    await answered(page, "ds");
    const frames = await seriesTable(page);
    await page.locator('input[name="shape"][value="tsdb"]').check();
    await answered(page, "tsdb");
    const series = await seriesTable(page);
    assert.ok(frames.length > 50);
    assert.deepEqual(series, frames);
    assert.deepEqual(await legend(page), ["time (UTC)", "demo.sine", "demo.cosine"]);
    assert.match(
      (await page.locator(".answer-head").textContent()) ?? "",
      /POST \/api\/tsdb\/query → 200/,
    );
    // Both calls carried one resolved range, so the two answers are of one query.
    const posts = requests
      .filter((r) => r.url().startsWith(demo.url) && r.method() === "POST")
      .slice(-2)
      .map((r) => ({
        path: new URL(r.url()).pathname,
        body: JSON.parse(r.postData() ?? "{}") as { from: string; to: string },
      }));
    assert.deepEqual(posts.map((p) => p.path).sort(), ["/api/ds/query", "/api/tsdb/query"]);
    const bodies = posts.map((p) => p.body);
    assert.equal(bodies[0]?.from, bodies[1]?.from);
    assert.equal(bodies[0]?.to, bodies[1]?.to);
    assert.match(bodies[0]?.from ?? "", /^\d{13}$/);
    await page.locator("#raw summary").click();
    assert.match((await page.locator("#raw-answer").textContent()) ?? "", /"series": \[/);
    await screenshot(page, "playground-demo-tsdb");
    await page.close();
  });

  test("a time range the parser cannot read is named at the form, nothing is sent", async () => {
    const page = await openPlayground(demo);
    await answered(page, "ds");
    const before = requests.length;
    await page.locator("#from").fill("now-6x");
    await page.locator("#run").click();
    await page.locator("#form-problem:not([hidden])").waitFor();
    assert.match(
      (await page.locator("#form-problem").textContent()) ?? "",
      /From: cannot read "now-6x"/,
    );
    assert.equal(requests.slice(before).filter((r) => r.method() === "POST").length, 0);
    await page.close();
  });

  test("the metric picker is fed by the Simple JSON server's /search", async () => {
    const page = await openPlayground(simpleJson);
    await answered(page, "ds");
    await page.locator("#metric-field:not([hidden])").waitFor();
    const picked = await page.locator("#metric option").allTextContents();
    assert.deepEqual(picked.slice(1), metrics);
    await page.locator("#metric").selectOption("upper_75");
    assert.deepEqual(JSON.parse(await page.locator("#query").inputValue()), {
      refId: "A",
      target: "upper_75",
      type: "timeserie",
    });
    await page.locator("#run").click();
    await page.locator(".u-legend .u-label", { hasText: /^upper_75$/ }).waitFor();
    assert.deepEqual(await legend(page), ["time (UTC)", "upper_75"]);
    const searched = requests.filter(
      (r) => r.url() === `${simpleJson.url}/api/datasources/uid/sj/resources/search`,
    );
    assert.ok(searched.length > 0, "the page called /search through the gateway");
    await screenshot(page, "playground-simple-json");
    await page.close();
  });

  test("a failing Simple JSON server's error shows where the chart would be, in both shapes", async () => {
    const page = await openPlayground(simpleJson);
    await answered(page, "ds");
    await page.locator("#datasource").selectOption("broken");
    await page
      .locator("#metric option", { hasText: "/search failed" })
      .waitFor({ state: "attached" });
    await page.locator("#query").fill('{"refId": "A", "target": "upper_50"}');
    await page.locator("#run").click();
    const error = page.locator('.query[data-ref-id="A"] .chart-note.error');
    await error.waitFor();
    await page.locator('#results[data-state="done"]').waitFor();
    const text = (await error.textContent()) ?? "";
    assert.match(text, /500/);
    assert.match(text, /database is down/);
    assert.match(text, /errorSource downstream/);
    assert.equal(await page.locator('.query[data-ref-id="A"] .chart').count(), 0);
    await screenshot(page, "playground-upstream-error");
    await page.locator('input[name="shape"][value="tsdb"]').check();
    await answered(page, "tsdb");
    assert.match((await error.textContent()) ?? "", /database is down/);
    await page.close();
  });

  test("with a gateway token: the page asks for it, keeps it in this tab and sends it as a bearer token", async () => {
    const page = await openPlayground(guarded);
    await page.locator("#token-form:not([hidden])").waitFor();
    assert.match((await page.locator("#token-why").textContent()) ?? "", /GRAFANA_SHIM_HTTP_TOKEN/);
    assert.equal(await page.locator("#datasource option").count(), 0);
    await screenshot(page, "playground-token");
    const seen = requests.length;
    await page.locator("#token").fill(token);
    await page.locator("#token-form button[type=submit]").click();
    await answered(page, "ds");
    assert.deepEqual(await legend(page), ["time (UTC)", "demo.sine", "demo.cosine"]);
    assert.equal(
      await page.evaluate("sessionStorage.getItem('grafana-shim.playground.token')"),
      token,
    );
    assert.equal(await page.evaluate("document.cookie"), "");
    const api = requests.slice(seen).filter((r) => new URL(r.url()).pathname.startsWith("/api/"));
    assert.ok(api.length >= 3);
    for (const r of api) {
      assert.equal(r.headers().authorization, `Bearer ${token}`, r.url());
      assert.ok(!r.url().includes(token));
    }
    await page.close();
  });

  test("on a phone-width screen nothing is wider than the screen and the chart fits", async () => {
    const page = await openPlayground(demo, phone);
    await answered(page, "ds");
    assert.ok(
      ((await page.evaluate("document.documentElement.scrollWidth")) as number) <= phone.width,
      "no sideways scrolling of the page",
    );
    const box = await page.locator(".chart canvas").boundingBox();
    assert.ok(box && box.width <= phone.width && box.width > 250, JSON.stringify(box));
    assert.deepEqual(await legend(page), ["time (UTC)", "demo.sine", "demo.cosine"]);
    await screenshot(page, "playground-phone");
    await page.close();
  });
});

describe("replay --html", { concurrency: false }, () => {
  let report = "";

  before(async () => {
    report = join(dir, "report.html");
    const fixtures = [
      "tsdb-http/tsdb-v2-frames-as-series.json",
      "v2/05-time-1.json",
      "v2/09-errors-1.json",
    ].map((f) => join(corpus, f));
    const ran = await runShim(
      htmlReplayArgs(fixtures, join(root, "dist/test/replay/broken-frames.js"), report),
    );
    assert.equal(ran.code, 1, ran.stdout + ran.stderr);
    assert.match(ran.stdout, /HTML report: .*report\.html/);
  });

  test("one file that loads nothing: no src or href but data:, a policy that forbids requests", () => {
    const html = readFileSync(report, "utf8");
    assert.ok(!/\s(src|href)="(?!data:|#)/.test(html), "nothing loaded by URL");
    assert.ok(
      html.includes(`Content-Security-Policy" content="default-src 'none'; script-src 'sha256-`),
      "a policy that allows the inlined script and nothing else",
    );
    assert.ok(/\/\*! uPlot [\d.]+ \| Copyright/.test(html), "uPlot inlined with its notice");
  });

  for (const [name, viewport] of [
    ["", desktop],
    ["-phone", phone],
  ] as const) {
    test(`the broken handler's mismatch is drawn: expected against actual, the cell marked${name ? " (phone width)" : ""}`, async () => {
      const seen = requests.length;
      const page = await browser.newPage();
      await page.setViewportSize(viewport);
      await page.goto(pathToFileURL(report).href);
      const rows = await page.locator(".summary tbody tr").allTextContents();
      assert.equal(rows.length, 3);
      assert.match(rows[0] ?? "", /tsdb-v2-frames-as-series\.json.*tsdb-http.*MISMATCH/);
      assert.match(rows[2] ?? "", /09-errors-1\.json.*v2.*ok/);
      const problem = page.locator('.problem[data-fixture$="tsdb-v2-frames-as-series.json"]');
      assert.match(
        (await problem.locator(".paths li").first().textContent()) ?? "",
        /response\.body\.results\.A\.series\[0\]\.points\[3\]\[0\].*expected -999\.25.*actual -998\.25/,
      );
      await problem.locator(".chart canvas").waitFor();
      assert.deepEqual(await problem.locator(".u-legend .u-series .u-label").allTextContents(), [
        "time (UTC)",
        "v (expected)",
        "v (actual)",
      ]);
      const changed = problem.locator("td.changed");
      assert.equal(await changed.count(), 1);
      assert.equal(await changed.locator("del").textContent(), "-999.25");
      assert.equal(await changed.locator("ins").textContent(), "-998.25");
      const frame = page.locator('.problem[data-fixture$="05-time-1.json"]');
      assert.equal(await frame.locator(".chart canvas").count(), 1);
      assert.ok((await frame.locator("td.changed").count()) >= 1);
      if (viewport === phone)
        assert.ok(
          ((await page.evaluate("document.documentElement.scrollWidth")) as number) <= phone.width,
        );
      assert.deepEqual(
        requests
          .slice(seen)
          .map((r) => r.url())
          .filter((u) => !u.startsWith("data:")),
        [pathToFileURL(report).href],
        "the report requests nothing but itself",
      );
      await screenshot(page, `replay-report${name}`);
      await page.close();
    });
  }
});
