/**
 * Protocol-2 differential test: a go-plugin host with the SDK's pluginv2 clients
 * (test/go/sdk-v2/cmd/host-v2) sends the same requests to the shim (running the
 * echo-frames handler) and to the Go reference plugin written with
 * grafana-plugin-sdk-go; what the host decodes must be equal. Spec:
 * test/go/ANSWER-SPEC-V2.md. The host re-encodes every decoded frame with the SDK's
 * MarshalJSON, so equal text means equal frames, digit for digit.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, describe, type TestContext, test } from "node:test";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../clean-env.js";
import { shim } from "./shim-executable.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const binDir = join(root, "test/.bin");
const refPlugin = join(binDir, "ref-plugin-v2");
const fixtureDir = join(root, "test/fixtures/v2-requests");
const handler = join(root, "dist/test/handlers/echo-frames.js");
const packets = 5;
/** This run's temporary folder, removed at the end. */
let dir = "";

interface Host {
  readonly name: string;
  readonly args: readonly string[];
  /** Also run every request again asking for JSON frames. */
  readonly formatJson: boolean;
  /** What the plugin must see: PLUGIN_PROTOCOL_VERSIONS (either order), GF_VERSION, a client cert. */
  readonly offers: readonly string[];
  readonly gfVersion: string;
  readonly autoMTLS: boolean;
}

const hosts: readonly Host[] = [
  {
    name: "Grafana 7.x: -versions 1,2 -gf-version 7.5.17",
    args: ["-versions", "1,2", "-gf-version", "7.5.17"],
    formatJson: false,
    offers: ["1,2", "2,1"],
    gfVersion: "7.5.17",
    autoMTLS: false,
  },
  {
    name: "Grafana 8+: -versions 2 -gf-version 11.3.0",
    args: ["-versions", "2", "-gf-version", "11.3.0"],
    formatJson: true,
    offers: ["2"],
    gfVersion: "11.3.0",
    autoMTLS: false,
  },
  {
    name: "-versions 2 -automtls",
    args: ["-versions", "2", "-automtls"],
    formatJson: false,
    offers: ["2"],
    gfVersion: "",
    autoMTLS: true,
  },
];

type Json = Record<string, unknown>;

interface Fixture {
  readonly file: string;
  readonly requests: readonly Json[];
}

interface Report {
  readonly negotiatedVersion: number;
  readonly startMs: number;
  readonly protocolError?: string;
  readonly results?: readonly Json[];
  readonly checkHealth?: readonly Json[];
  readonly collectMetrics?: Json;
  readonly callResource?: readonly Json[];
  readonly stream?: Json;
  readonly pingOk: boolean;
  readonly killMs: number;
  readonly exited: boolean;
  readonly hostLog: readonly Json[];
}

function readFixture(path: string): Fixture {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Json;
  assert.equal(typeof parsed.comment, "string", `${path} needs a comment`);
  return { file: basename(path), requests: parsed.requests as Json[] };
}

function readFixtures(): Fixture[] {
  return readdirSync(fixtureDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => readFixture(join(fixtureDir, file)));
}

const shimEnv = (): NodeJS.ProcessEnv =>
  cleanEnv({ TMPDIR: dir, GRAFANA_SHIM_HANDLER: handler, GRAFANA_SHIM_LOG_LEVEL: "debug" });

function runHost(
  exe: string,
  args: readonly string[],
  plugin: string,
  env: NodeJS.ProcessEnv,
  outFile: string,
): Promise<Report> {
  const all = [...args, "-plugin", plugin, "-out", outFile, "-timeout", "60s"];
  return new Promise((resolve, reject) => {
    execFile(
      join(binDir, exe),
      all,
      { env, timeout: 120_000, maxBuffer: 1 << 26 },
      (error, _o, stderr) => {
        if (error) reject(new Error(`${exe} ${all.join(" ")} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(readFileSync(outFile, "utf8")) as Report);
      },
    );
  });
}

/** Runs the same host arguments against the shim and the reference plugin, side by side. */
async function runBoth(
  tag: string,
  args: readonly string[],
): Promise<{ shim: Report; ref: Report }> {
  const [viaShim, viaRef] = await Promise.all([
    runHost("host-v2", args, shim, shimEnv(), join(dir, `${tag}-shim.json`)),
    runHost("host-v2", args, refPlugin, cleanEnv({ TMPDIR: dir }), join(dir, `${tag}-ref.json`)),
  ]);
  return { shim: viaShim, ref: viaRef };
}

function checkLifecycle(report: Report, who: string): void {
  assert.equal(report.protocolError, undefined, `${who}: ${report.protocolError}`);
  assert.equal(report.negotiatedVersion, 2, `${who}: negotiated version`);
  assert.equal(report.pingOk, true, `${who}: ping`);
  assert.equal(report.exited, true, `${who}: process gone after Kill`);
  // go-plugin's Kill SIGKILLs after 2 s: under that, the plugin exited on Shutdown by itself.
  assert.ok(report.killMs < 1500, `${who}: Kill took ${report.killMs} ms`);
}

/** The reference plugin logs what its host offered; this checks the hosts themselves. */
function checkOffer(host: Host, ref: Report): void {
  const line = ref.hostLog.find((entry) => entry["@message"] === "plugin environment");
  assert.ok(line, "the reference plugin's environment line is missing from the host log");
  assert.ok(host.offers.includes(line.PLUGIN_PROTOCOL_VERSIONS as string), JSON.stringify(line));
  assert.equal(line.GF_VERSION, host.gfVersion, "GF_VERSION");
  assert.equal(line.autoMTLS, host.autoMTLS, "PLUGIN_CLIENT_CERT given");
}

/** go-plugin re-logs plugin stderr lines it parsed as hclog with a `timestamp` key. */
function checkShimLog(report: Report): void {
  const parsed = report.hostLog.filter((entry) => "timestamp" in entry);
  const raw = report.hostLog.filter(
    (entry) => entry["@module"] === "host.grafana-shim" && !("timestamp" in entry),
  );
  assert.ok(parsed.length > 0, "no shim line reached the host log as hclog JSON");
  assert.deepEqual(raw, [], "shim lines the host could not parse");
  const hostWarnings = report.hostLog.filter(
    (entry) =>
      !("timestamp" in entry) && (entry["@level"] === "warn" || entry["@level"] === "error"),
  );
  assert.deepEqual(hostWarnings, [], "the host warned");
}

/** Where two strings first differ, with some context: frame JSON can be megabytes long. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 120);
  return `at ${i} of ${a.length}/${b.length}:\n  shim: …${a.slice(from, i + 120)}\n  ref:  …${b.slice(from, i + 120)}`;
}

function compareFrames(
  shimFrames: readonly string[],
  refFrames: readonly string[],
  where: string,
): void {
  assert.equal(shimFrames.length, refFrames.length, `${where}: frame count`);
  refFrames.forEach((ref, i) => {
    const own = shimFrames[i] ?? "";
    if (own === ref) return;
    if (own.length + ref.length < 20_000) {
      assert.deepEqual(JSON.parse(own), JSON.parse(ref), `${where} frame ${i}`);
    }
    assert.fail(`${where} frame ${i} differs ${firstDifference(own, ref)}`);
  });
}

/** One QueryData result: wire fields as sent, frames as the SDK decoded them. */
function compareResult(shimResult: Json | undefined, refResult: Json, where: string): void {
  assert.ok(
    refResult.response,
    `the reference plugin failed ${where}: ${JSON.stringify(refResult)}`,
  );
  assert.ok(shimResult, `${where}: no result from the shim`);
  assert.equal(
    shimResult.grpcError,
    undefined,
    `${where}: ${JSON.stringify(shimResult.grpcError)}`,
  );
  assert.equal(
    shimResult.decodeError,
    refResult.decodeError,
    `${where}: the host could not decode`,
  );
  const own = shimResult.response as Record<string, Json>;
  const ref = refResult.response as Record<string, Json>;
  assert.deepEqual(Object.keys(own).sort(), Object.keys(ref).sort(), `${where}: refIds`);
  for (const [refId, expected] of Object.entries(ref)) {
    const { frames: refFrames, ...refFields } = expected;
    const { frames: ownFrames, ...ownFields } = own[refId] ?? {};
    assert.deepEqual(ownFields, refFields, `${where} ${refId}: status, error, errorSource, format`);
    compareFrames(
      (ownFrames ?? []) as string[],
      (refFrames ?? []) as string[],
      `${where} ${refId}`,
    );
  }
}

/** The reference plugin answered every fixture as the spec says (no unreadable answer specs). */
function checkReference(ref: Report, requests: readonly Json[]): void {
  assert.equal(ref.results?.length, requests.length, "reference results");
  ref.results?.forEach((result, i) => {
    for (const [refId, response] of Object.entries(
      (result.response ?? {}) as Record<string, Json>,
    )) {
      assert.doesNotMatch(
        String(response.error),
        /^(answer frame|generate:|bad answer spec|query JSON)/,
        `fixture error in request ${i} ${refId}`,
      );
    }
  });
}

/**
 * Differences found in the shim and not fixed yet, by `<fixture file>#<request index>`.
 * They still run, as TODO subtests: visible in the output, not failing the suite.
 */
const knownDifferences: Readonly<Record<string, string>> = {};

async function compareFixtures(
  t: TestContext,
  fixtures: readonly Fixture[],
  viaShim: Report,
  viaRef: Report,
): Promise<void> {
  let index = 0;
  for (const fixture of fixtures) {
    const first = index;
    index += fixture.requests.length;
    const compare = (i: number) =>
      compareResult(
        viaShim.results?.[first + i],
        viaRef.results?.[first + i] ?? {},
        `request ${i}`,
      );
    const known = fixture.requests.map((_, i) => knownDifferences[`${fixture.file}#${i}`]);
    await t.test(fixture.file, () => {
      for (const [i, reason] of known.entries()) if (reason === undefined) compare(i);
    });
    for (const [i, reason] of known.entries()) {
      if (reason !== undefined)
        await t.test(`${fixture.file} request ${i} (known difference)`, { todo: reason }, () =>
          compare(i),
        );
    }
  }
}

/** Prometheus text format: families with their TYPE, and samples that parse. */
interface Metrics {
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly { name: string; labels: string; value: number }[];
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+-?\d+)?$/;

function parsePrometheus(text: string, who: string): Metrics {
  const types = new Map<string, string>();
  const samples: { name: string; labels: string; value: number }[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("# HELP ")) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1] ?? "", type[2] ?? "");
      continue;
    }
    const sample = sampleLine.exec(line);
    assert.ok(sample, `${who}: not a Prometheus text line: ${JSON.stringify(line)}`);
    const value = Number(sample[3]?.replace(/^\+Inf$/, "Infinity").replace(/^-Inf$/, "-Infinity"));
    assert.ok(!Number.isNaN(value) || sample[3] === "NaN", `${who}: bad value in ${line}`);
    samples.push({ name: sample[1] ?? "", labels: sample[2] ?? "", value });
  }
  for (const { name } of samples) {
    const family = name.replace(/_(bucket|sum|count|total|created)$/, "");
    assert.ok(types.has(name) || types.has(family), `${who}: sample ${name} has no # TYPE`);
  }
  return { types, samples };
}

/** The process metrics every Prometheus client library exports (Go's and prom-client). */
const processFamilies = [
  "process_cpu_seconds_total",
  "process_resident_memory_bytes",
  "process_start_time_seconds",
  "process_open_fds",
];

function checkMetrics(viaShim: Report, viaRef: Report): void {
  const ownText = viaShim.collectMetrics?.text;
  const refText = viaRef.collectMetrics?.text;
  assert.equal(
    typeof refText,
    "string",
    `reference CollectMetrics: ${JSON.stringify(viaRef.collectMetrics)}`,
  );
  assert.equal(
    typeof ownText,
    "string",
    `shim CollectMetrics: ${JSON.stringify(viaShim.collectMetrics)}`,
  );
  const own = parsePrometheus(ownText as string, "shim");
  const ref = parsePrometheus(refText as string, "ref-plugin-v2");
  for (const family of processFamilies) {
    assert.ok(ref.types.has(family), `the reference plugin has no ${family}`);
    assert.equal(own.types.get(family), ref.types.get(family), `shim's ${family}: its TYPE`);
  }
  const byHandler = own.samples.filter((s) => s.labels.includes('"echo-frames"') && s.value > 0);
  assert.ok(byHandler.length > 0, "shim metrics: no sample counts the echo-frames handler's work");
}

function checkHealthResults(viaShim: Report, viaRef: Report): void {
  const ref = viaRef.checkHealth ?? [];
  assert.ok(ref.length > 0, "no reference health results");
  ref.forEach((expected, i) => {
    const own = viaShim.checkHealth?.[i] ?? {};
    const parse = (r: Json) => ({
      ...r,
      jsonDetails: r.jsonDetails ? JSON.parse(r.jsonDetails as string) : r.jsonDetails,
    });
    assert.deepEqual(parse(own), parse(expected), `CheckHealth ${i}`);
  });
}

/** JSON bodies compare parsed (key order and escaping are free); how many messages carried a body is free. */
function comparableResource(result: Json): Json {
  const headers = (result.headers ?? {}) as Record<string, string[]>;
  const json =
    headers["Content-Type"]?.[0] === "application/json" && typeof result.body === "string";
  const { chunks: _chunks, ...rest } = result;
  if (!json) return rest;
  const { bodyBytes: _bytes, bodySha256: _sha, ...fields } = rest;
  return { ...fields, body: JSON.parse(result.body as string) };
}

function checkResources(viaShim: Report, viaRef: Report): void {
  const ref = viaRef.callResource ?? [];
  assert.ok(ref.length > 0, "no reference CallResource results");
  ref.forEach((expected, i) => {
    const own = viaShim.callResource?.[i] ?? {};
    assert.equal(own.grpcError, undefined, `CallResource ${i}: ${JSON.stringify(own.grpcError)}`);
    const { bodySha256: _a, ...ownRest } = comparableResource(own);
    const { bodySha256: _b, ...refRest } = comparableResource(expected);
    assert.deepEqual(ownRest, refRest, `CallResource ${i}`);
    if (typeof expected.body !== "string") assert.equal(own.bodySha256, expected.bodySha256);
  });
}

/** Subscribe, N packets, cancel; then the refusals of the spec. Each part is its own subtest. */
async function checkStream(t: TestContext, viaShim: Report, viaRef: Report): Promise<void> {
  const own = viaShim.stream ?? {};
  const ref = viaRef.stream ?? {};
  const parsedData = (r: Json) => ({ ...r, data: r.data ? JSON.parse(r.data as string) : r.data });
  await t.test("subscribe", () => assert.deepEqual(own.subscribe, ref.subscribe));
  await t.test("subscribe to an unknown path", () =>
    assert.deepEqual(own.subscribeUnknown, ref.subscribeUnknown),
  );
  await t.test(`RunStream: ${packets} packets, decoded by the SDK`, () => {
    assert.equal(ref.runError, undefined, `reference RunStream: ${JSON.stringify(ref.runError)}`);
    assert.equal(own.runError, undefined, `shim RunStream: ${JSON.stringify(own.runError)}`);
    const frames = (r: Json) => ((r.packets ?? []) as Json[]).map((p) => p.decodeError ?? p.frame);
    assert.equal(frames(ref).length, packets, "reference packets");
    assert.deepEqual(frames(own), frames(ref));
  });
  await t.test("RunStream ends when the host cancels", () => {
    assert.equal(ref.endCode, "Canceled", "reference");
    assert.equal(own.endCode, "Canceled", "shim");
  });
  await t.test("RunStream of an unknown path fails", () =>
    assert.ok("grpcError" in ((own.runUnknown ?? {}) as Json), JSON.stringify(own.runUnknown)),
  );
  await t.test("publish", () =>
    assert.deepEqual(parsedData((own.publish ?? {}) as Json), parsedData(ref.publish as Json)),
  );
  await t.test("publish denied", () => assert.deepEqual(own.publishDenied, ref.publishDenied));
}

describe("protocol 2: shim and Go SDK reference plugin give the same answers through the SDK's clients", () => {
  let fixtures: Fixture[] = [];
  let requests: Json[] = [];
  let requestsFile = "";
  const healthFile = join(fixtureDir, "health/check-health.json");
  const resourcesFile = join(fixtureDir, "resources/call-resource.json");

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "v2-differential-"));
    fixtures = readFixtures();
    requests = fixtures.flatMap((f) => f.requests);
    requestsFile = join(dir, "requests.json");
    writeFileSync(requestsFile, JSON.stringify(requests));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the fixtures hold at least 30 requests", () => {
    assert.ok(requests.length >= 30, `${requests.length} requests`);
    readFixture(healthFile);
    readFixture(resourcesFile);
  });

  hosts.forEach((host, h) => {
    test(host.name, async (t) => {
      const main = await runBoth(`h${h}`, [
        ...host.args,
        "-requests",
        requestsFile,
        "-call-resource",
        resourcesFile,
        "-stream",
        "counter",
        "-packets",
        String(packets),
        "-stream-data",
        '{"intervalMs":10}',
        "-collect-metrics",
      ]);
      await t.test("start, ping and stop", () => {
        checkLifecycle(main.ref, "ref-plugin-v2");
        checkLifecycle(main.shim, "shim");
      });
      await t.test("the host offers what its Grafana era offers", () => checkOffer(host, main.ref));
      await t.test("shim log lines reach the host as hclog", () => checkShimLog(main.shim));
      await t.test("the reference plugin read every fixture", () =>
        checkReference(main.ref, requests),
      );
      await compareFixtures(t, fixtures, main.shim, main.ref);
      await t.test("CallResource", () => checkResources(main.shim, main.ref));
      await t.test("stream session", (ts) => checkStream(ts, main.shim, main.ref));
      await t.test("CollectMetrics", () => checkMetrics(main.shim, main.ref));

      const health = await runBoth(`h${h}-health`, [
        ...host.args,
        "-requests",
        healthFile,
        "-query=false",
        "-check-health",
      ]);
      await t.test("CheckHealth", () => checkHealthResults(health.shim, health.ref));

      if (host.formatJson) {
        const json = await runBoth(`h${h}-json`, [
          ...host.args,
          "-requests",
          requestsFile,
          "-format",
          "json",
        ]);
        await t.test("every request again, asking for JSON frames", async (tj) => {
          checkLifecycle(json.shim, "shim");
          await compareFixtures(tj, fixtures, json.shim, json.ref);
        });
      }
    });
  });

  test("Grafana 6.5-6.7 (host-current -versions 1,2, no GF_VERSION) still gets protocol 1", async () => {
    const emptyFile = join(dir, "no-requests.json");
    writeFileSync(emptyFile, "[]");
    const report = await runHost(
      "host-current",
      ["-versions", "1,2", "-requests", emptyFile],
      shim,
      shimEnv(),
      join(dir, "host-current-shim.json"),
    );
    assert.equal(report.negotiatedVersion, 1);
    assert.equal(report.pingOk, true);
    assert.equal(report.exited, true);
  });

  test("host-v2 -versions 1,2 without GF_VERSION gets protocol 1 from the shim", async () => {
    const report = await runHost(
      "host-v2",
      ["-versions", "1,2"],
      shim,
      shimEnv(),
      join(dir, "host-v2-no-gf-shim.json"),
    );
    assert.equal(report.negotiatedVersion, 1);
    assert.equal(report.pingOk, true);
    assert.equal(report.exited, true);
  });
});
