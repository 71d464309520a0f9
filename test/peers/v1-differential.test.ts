/**
 * Protocol-1 differential test: real go-plugin hosts (test/go/legacy-*) run the
 * same requests against the shim (with the echo-legacy handler) and against the
 * Go reference plugin; the decoded responses must be equal, and the shim must
 * start, answer pings, log and stop like a Go plugin does.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../clean-env.js";
import { shim } from "./shim-executable.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const binDir = join(root, "test/.bin");
const refPlugin = join(binDir, "ref-plugin-v1");
const fixtureDir = join(root, "test/fixtures/v1-requests");
/** This run's temporary folder, removed at the end. */
let dir = "";

interface Host {
  readonly name: string;
  readonly exe: string;
  readonly args: readonly string[];
  /** go-plugin e8d22c7 cannot say; it accepts nothing but version 1 anyway. */
  readonly tellsVersion: boolean;
  /** PLUGIN_PROTOCOL_VERSIONS as the plugin may see it (null: not set). */
  readonly offers: readonly (string | null)[];
  readonly autoMTLS: boolean;
}

const hosts: readonly Host[] = [
  {
    name: "host-v101",
    exe: "host-v101",
    args: [],
    tellsVersion: true,
    offers: ["1"],
    autoMTLS: false,
  },
  {
    name: "host-2018",
    exe: "host-2018",
    args: [],
    tellsVersion: false,
    offers: [null],
    autoMTLS: false,
  },
  {
    name: "host-current -versions 1,2",
    exe: "host-current",
    args: ["-versions", "1,2"],
    tellsVersion: true,
    offers: ["1,2", "2,1"],
    autoMTLS: false,
  },
  {
    name: "host-current -automtls",
    exe: "host-current",
    args: ["-automtls"],
    tellsVersion: true,
    offers: ["1"],
    autoMTLS: true,
  },
];

type Json = Record<string, unknown>;

interface Fixture {
  readonly file: string;
  readonly requests: readonly Json[];
}

interface HostReport {
  readonly negotiatedVersion: number | null;
  readonly startMs: number;
  readonly results: readonly Json[];
  readonly pingOk: boolean;
  readonly killMs: number;
  readonly exited: boolean;
  readonly hostLog: readonly Json[];
}

/** Fixtures write `model` and `jsonData` as objects for reading; the wire wants their JSON text. */
function toWireRequest(request: Json): Json {
  const datasource = request.datasource as Json | undefined;
  const queries = (request.queries as Json[] | undefined) ?? [];
  return {
    ...request,
    ...(datasource && {
      datasource: {
        ...datasource,
        ...(typeof datasource.jsonData === "object" && {
          jsonData: JSON.stringify(datasource.jsonData),
        }),
      },
    }),
    queries: queries.map(({ model, ...query }) =>
      model === undefined ? query : { ...query, modelJson: JSON.stringify(model) },
    ),
  };
}

function readFixtures(): Fixture[] {
  return readdirSync(fixtureDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(join(fixtureDir, file), "utf8")) as Json;
      assert.equal(typeof parsed.comment, "string", `${file} needs a comment`);
      return { file, requests: (parsed.requests as Json[]).map(toWireRequest) };
    });
}

function runHost(
  host: Host,
  plugin: string,
  requestsFile: string,
  outFile: string,
  env: NodeJS.ProcessEnv,
): Promise<HostReport> {
  const args = [
    ...host.args,
    "-plugin",
    plugin,
    "-requests",
    requestsFile,
    "-out",
    outFile,
    "-timeout",
    "30s",
  ];
  return new Promise((resolve, reject) => {
    execFile(join(binDir, host.exe), args, { env, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error)
        reject(
          new Error(`${host.name} with ${basename(plugin)} failed: ${error.message}\n${stderr}`),
        );
      else resolve(JSON.parse(readFileSync(outFile, "utf8")) as HostReport);
    });
  });
}

/** metaJson is JSON text whose key order may differ: compare it parsed. */
function comparable(result: Json): Json {
  const response = result.response as { results: Json[] } | undefined;
  if (!response) return result;
  const results = response.results.map((r) => ({
    ...r,
    metaJson: r.metaJson === "" ? "" : JSON.parse(r.metaJson as string),
  }));
  return { ...result, response: { ...response, results } };
}

function checkLifecycle(host: Host, report: HostReport, who: string): void {
  assert.equal(
    report.negotiatedVersion,
    host.tellsVersion ? 1 : null,
    `${who}: negotiated version`,
  );
  assert.equal(report.pingOk, true, `${who}: ping`);
  assert.equal(report.exited, true, `${who}: process gone after Kill`);
  assert.ok(report.killMs < 1000, `${who}: Kill took ${report.killMs} ms`);
}

/** The reference plugin logs what its host offered; this checks the hosts themselves. */
function checkOffer(host: Host, refReport: HostReport): void {
  const line = refReport.hostLog.find((entry) => entry["@message"] === "plugin environment");
  assert.ok(line, "the reference plugin's environment line is missing from the host log");
  const offered = line.versionsOffered ? line.PLUGIN_PROTOCOL_VERSIONS : null;
  assert.ok(host.offers.includes(offered as string | null), `offered ${JSON.stringify(offered)}`);
  assert.equal(line.autoMTLS, host.autoMTLS, "PLUGIN_CLIENT_CERT given");
}

/**
 * go-plugin re-logs a plugin's stderr line it could parse as hclog JSON with the
 * line's own level and message, adding `timestamp` from its `@timestamp` (the
 * shim always writes one); any other line becomes a debug line under module
 * `host.<executable name>` holding the raw text.
 */
function checkShimLog(report: HostReport, who: string): void {
  const parsed = report.hostLog.filter((entry) => "timestamp" in entry);
  const raw = report.hostLog.filter(
    (entry) => entry["@module"] === "host.grafana-shim" && !("timestamp" in entry),
  );
  assert.ok(parsed.length > 0, `${who}: no shim line reached the host log as hclog JSON`);
  assert.deepEqual(raw, [], `${who}: shim lines the host could not parse`);
  const hostWarnings = report.hostLog.filter(
    (entry) =>
      !("timestamp" in entry) && (entry["@level"] === "warn" || entry["@level"] === "error"),
  );
  assert.deepEqual(hostWarnings, [], `${who}: the host warned`);
}

describe("protocol 1: shim and Go reference plugin give the same answers to real go-plugin hosts", () => {
  let fixtures: Fixture[] = [];
  let requestsFile = "";

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "v1-differential-"));
    fixtures = readFixtures();
    requestsFile = join(dir, "requests.json");
    writeFileSync(requestsFile, JSON.stringify(fixtures.flatMap((f) => f.requests)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the fixtures hold at least 30 requests", () => {
    assert.ok(fixtures.flatMap((f) => f.requests).length >= 30);
  });

  for (const host of hosts) {
    test(host.name, async (t) => {
      const shimEnv = cleanEnv({
        TMPDIR: dir,
        GRAFANA_SHIM_HANDLER: join(root, "dist/test/handlers/echo-legacy.js"),
        GRAFANA_SHIM_LOG_LEVEL: "debug",
      });
      const tag = host.name.replace(/[^a-z0-9]+/gi, "-");
      const [viaShim, viaRef] = await Promise.all([
        runHost(host, shim, requestsFile, join(dir, `${tag}-shim.json`), shimEnv),
        runHost(
          host,
          refPlugin,
          requestsFile,
          join(dir, `${tag}-ref.json`),
          cleanEnv({ TMPDIR: dir }),
        ),
      ]);
      await t.test("start, ping and stop", () => {
        checkLifecycle(host, viaRef, "ref-plugin-v1");
        checkLifecycle(host, viaShim, "shim");
      });
      await t.test("the host offers the versions of its Grafana era", () =>
        checkOffer(host, viaRef),
      );
      await t.test("shim log lines reach the host as hclog", () => checkShimLog(viaShim, "shim"));

      let index = 0;
      for (const fixture of fixtures) {
        const first = index;
        index += fixture.requests.length;
        await t.test(fixture.file, () => {
          for (let i = first; i < first + fixture.requests.length; i++) {
            const ref = viaRef.results[i];
            assert.ok(
              ref && "response" in ref,
              `reference plugin failed request ${i - first}: ${JSON.stringify(ref)}`,
            );
            assert.deepEqual(
              comparable(viaShim.results[i] ?? {}),
              comparable(ref),
              `request ${i - first}`,
            );
          }
        });
      }
    });
  }
});
