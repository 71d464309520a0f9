/**
 * QueryChunkedData as the SDK's pluginv2 client reads it: host-v2 sends the same fixture
 * requests to the shim (echo-frames handler) once with QueryData and once with
 * `-chunked` (QueryChunkedData, the stream read to its end, frames decoded by the SDK in
 * the order received); every refId must come out the same: frames, error, status,
 * errorSource, format.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { shim } from "./shim-executable.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const hostV2 = join(root, "test/.bin/host-v2");
const fixtureDir = join(root, "test/fixtures/v2-requests");
const handler = join(root, "dist/test/handlers/echo-frames.js");
const fixtures = [
  "01-integers.json",
  "05-time.json",
  "09-errors.json",
  "10-empty.json",
  "11-many-queries.json",
  "14-format-json.json",
];
let dir = "";

type Json = Record<string, unknown>;

interface Report {
  readonly negotiatedVersion: number;
  readonly protocolError?: string;
  readonly results?: readonly Json[];
}

/** The inherited environment without anything that would steer the shim. */
function shimEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("GRAFANA_SHIM_") && !key.startsWith("GF_") && !key.startsWith("PLUGIN_"))
      env[key] = value;
  }
  return { ...env, TMPDIR: dir, GRAFANA_SHIM_HANDLER: handler, GRAFANA_SHIM_LOG_LEVEL: "warn" };
}

function runHost(fixture: string, chunked: boolean): Promise<Report> {
  const out = join(dir, `${fixture}-${chunked ? "chunked" : "unary"}.json`);
  const args = [
    ...["-versions", "2", "-gf-version", "11.3.0", "-timeout", "60s"],
    ...["-plugin", shim, "-requests", join(fixtureDir, fixture), "-out", out],
    ...(chunked ? ["-chunked"] : []),
  ];
  return new Promise((resolve, reject) => {
    execFile(
      hostV2,
      args,
      { env: shimEnv(), timeout: 120_000, maxBuffer: 1 << 26 },
      (error, _o, stderr) => {
        if (error)
          reject(new Error(`host-v2 ${args.join(" ")} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(readFileSync(out, "utf8")) as Report);
      },
    );
  });
}

/** What both calls must agree on for one refId. */
function comparable(entry: Json): Json {
  const { frames, error, status, errorSource, format, decodeError } = entry;
  return { frames, error, status, errorSource, format, decodeError };
}

/** refId → comparable entry of one result, after checking the call itself went through. */
function responses(result: Json | undefined, where: string): Record<string, Json> {
  assert.ok(result, `${where}: no result`);
  assert.equal(result.grpcError, undefined, `${where}: ${JSON.stringify(result.grpcError)}`);
  assert.equal(result.decodeError, undefined, `${where}: the host could not decode`);
  const map = result.response as Record<string, Json>;
  return Object.fromEntries(Object.entries(map).map(([refId, e]) => [refId, comparable(e)]));
}

describe("QueryChunkedData answers as QueryData does (host-v2 -chunked)", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "shim-v2-chunked-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let withFrames = 0;
  let withErrors = 0;
  let frameless = 0;
  for (const fixture of fixtures) {
    test(fixture, async () => {
      const [unary, chunked] = await Promise.all([runHost(fixture, false), runHost(fixture, true)]);
      for (const report of [unary, chunked]) {
        assert.equal(report.protocolError, undefined, report.protocolError);
        assert.equal(report.negotiatedVersion, 2);
      }
      const requests = (JSON.parse(readFileSync(join(fixtureDir, fixture), "utf8")) as Json)
        .requests as unknown[];
      assert.equal(unary.results?.length, requests.length, "unary results");
      assert.equal(chunked.results?.length, requests.length, "chunked results");
      unary.results?.forEach((result, i) => {
        const expected = responses(result, `QueryData request ${i}`);
        const got = responses(chunked.results?.[i], `QueryChunkedData request ${i}`);
        assert.deepEqual(got, expected, `request ${i}`);
        for (const entry of Object.values(expected)) {
          if ((entry.frames as unknown[]).length > 0) withFrames++;
          else frameless++;
          if (entry.error) withErrors++;
        }
      });
    });
  }

  test("the fixtures exercised frames, errors and frameless answers", () => {
    assert.ok(withFrames > 0, "no refId with frames");
    assert.ok(withErrors > 0, "no refId with an error");
    assert.ok(frameless > 0, "no refId without frames");
  });
});
