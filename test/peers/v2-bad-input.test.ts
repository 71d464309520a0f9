/**
 * Protocol-2 bad input through a real go-plugin host with the SDK's pluginv2 clients
 * (test/go/sdk-v2/cmd/host-v2, as Grafana 8+): the shim, running the misbehaving-frames
 * test handler (test/handlers/misbehaving-frames.ts, which answers everything else like
 * echo-frames), gets the requests of test/fixtures/v2-bad plus generated ones too big to
 * keep as files. Each case checks the exact outcome of every query as the SDK decodes
 * it, that the queries beside a bad one still answer, and that the shim keeps serving
 * (the calls after it answer; it still pings and stops when asked).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../clean-env.js";
import { shim } from "./shim-executable.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const binDir = join(root, "test/.bin");
const fixtureDir = join(root, "test/fixtures/v2-bad");
const misbehaving = join(root, "dist/test/handlers/misbehaving-frames.js");
const mib = 1024 * 1024;
/** This run's temporary folder, removed at the end. */
let dir = "";

type Json = Record<string, unknown>;

/** One DataResponse as host-v2 reports it (frames re-encoded by the SDK's MarshalJSON). */
interface Answer {
  readonly status: number;
  readonly error: string;
  readonly errorSource: string;
  readonly format: string;
  readonly frameCount: number;
  readonly frames?: readonly string[];
  readonly decodeError?: string;
}

interface GrpcError {
  readonly code: string;
  readonly message: string;
}

interface Entry {
  readonly response?: Readonly<Record<string, Answer>>;
  readonly decodeError?: string;
  readonly grpcError?: GrpcError;
}

interface Report {
  readonly negotiatedVersion: number;
  readonly results: readonly Entry[];
  readonly callResource?: readonly Json[];
  readonly stream?: Json;
  readonly streamProbes?: readonly Json[];
  readonly disconnect?: Json;
  readonly pingOk: boolean;
  readonly exited: boolean;
  readonly hostLog: readonly Json[];
}

function fixture(file: string): Json[] {
  const parsed = JSON.parse(readFileSync(join(fixtureDir, file), "utf8")) as Json;
  assert.equal(typeof parsed.comment, "string", `${file} needs a comment`);
  return parsed.requests as Json[];
}

interface HostRun {
  readonly args?: readonly string[];
  readonly requests?: readonly Json[];
  readonly resources?: readonly Json[];
  readonly env?: Record<string, string>;
}

/** Runs host-v2 (as Grafana 11) against the shim; resolves with its report. */
function runHost(name: string, run: HostRun): Promise<Report> {
  const files: string[] = [];
  const write = (what: string, items: readonly Json[] | undefined, flag: string) => {
    if (!items) return;
    const file = join(dir, `${name}-${what}.json`);
    writeFileSync(file, JSON.stringify(items));
    files.push(flag, file);
  };
  write("requests", run.requests, "-requests");
  write("resources", run.resources, "-call-resource");
  const outFile = join(dir, `${name}-report.json`);
  const args = [
    ...["-versions", "2", "-gf-version", "11.3.0", "-timeout", "60s"],
    ...files,
    ...(run.args ?? []),
    ...["-plugin", shim, "-out", outFile],
  ];
  return new Promise((resolve, reject) => {
    execFile(
      join(binDir, "host-v2"),
      args,
      {
        env: cleanEnv({
          TMPDIR: dir,
          GRAFANA_SHIM_HANDLER: misbehaving,
          GRAFANA_SHIM_LOG_LEVEL: "debug",
          ...run.env,
        }),
        timeout: 90_000,
        maxBuffer: 64 * mib,
      },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`${name}: host-v2 failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(readFileSync(outFile, "utf8")) as Report);
      },
    );
  });
}

/** The decoded answers of one QueryData call, which must have decoded as Grafana decodes. */
function answers(entry: Entry | undefined, what: string): Readonly<Record<string, Answer>> {
  assert.ok(entry?.response, `${what}: a response, not ${JSON.stringify(entry)}`);
  assert.equal(entry.decodeError, undefined, `${what}: the host could not decode`);
  return entry.response;
}

/** `refId → [status, error, errorSource, frame count]`, for exact comparison. */
function outcomes(entry: Entry | undefined, what: string): Record<string, unknown[]> {
  const all = answers(entry, what);
  return Object.fromEntries(
    Object.entries(all).map(([refId, a]) => [
      refId,
      [a.status, a.error, a.errorSource, a.frameCount],
    ]),
  );
}

/** The frames of one answer as the SDK wrote them, parsed. */
function frames(entry: Entry | undefined, refId: string): Json[] {
  const answer = answers(entry, refId)[refId];
  assert.ok(answer, `no answer for ${JSON.stringify(refId)}`);
  return (answer.frames ?? []).map((text) => JSON.parse(text) as Json);
}

/** `[frame name, refId, values]` of each frame of an answer. */
function frameSummary(entry: Entry | undefined, refId: string): unknown[][] {
  return frames(entry, refId).map((frame) => {
    const schema = frame.schema as Json;
    const data = frame.data as Json;
    return [schema.name, schema.refId, data.values];
  });
}

/** Lines the shim wrote that the host could not read as hclog (see v2-differential). */
function rawShimLines(report: Report): Json[] {
  return report.hostLog.filter(
    (entry) => entry["@module"] === "host.grafana-shim" && !("timestamp" in entry),
  );
}

function checkLifecycle(report: Report): void {
  assert.equal(report.negotiatedVersion, 2);
  assert.equal(report.pingOk, true, "the plugin still answers pings at the end");
  assert.equal(report.exited, true, "the plugin stopped when asked");
  assert.deepEqual(rawShimLines(report), [], "no raw (non-hclog) lines from the shim");
  const texts = report.hostLog.map((e) => JSON.stringify(e));
  assert.deepEqual(
    texts.filter((t) => /uncaught exception|unhandled rejection|panic/i.test(t)),
    [],
  );
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** What echo-frames' `bytes/<n>` resource answers (ANSWER-SPEC-V2.md). */
function alphabetBytes(n: number): Buffer {
  const unit = Buffer.from("abcdefghijklmnopqrstuvwxyz");
  return Buffer.alloc(n, unit);
}

const badPath = (path: string) =>
  `stream path ${JSON.stringify(path)} may only hold A-Z a-z 0-9 _ - /`;

const badPaths = ["bad path!", "a.b", "ünïcode", "", "../etc/passwd", "tab\there"];

describe("protocol 2: bad input through host-v2 and the SDK's clients", () => {
  /** Runs started in before(), so that they overlap; each test awaits its own. */
  const runs = new Map<string, Promise<Report>>();
  const run = (name: string) => {
    const started = runs.get(name);
    assert.ok(started, name);
    return started;
  };
  const firstRequest: Record<string, number> = {};
  const bigBody = "y".repeat(32 * mib);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "v2-bad-input-"));
    // One run for the per-query cases: a stream whose connection is closed under it
    // first, then the fixtures in order, then a request over GRAFANA_SHIM_MAX_RECEIVE_MIB
    // and one after it; a resource call over the limit; the stream probes.
    const requests: Json[] = [];
    for (const file of readdirSync(fixtureDir)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      firstRequest[file] = requests.length;
      requests.push(...fixture(file));
    }
    firstRequest.tooBig = requests.length;
    requests.push(
      { queries: [{ refId: "BIG", json: { pad: "x".repeat(5 * mib) } }] },
      { queries: [{ refId: "AFTER_BIG", json: { answer: { echo: true } } }] },
    );
    runs.set(
      "main",
      runHost("main", {
        requests,
        resources: [
          { path: "digest", method: "POST", bodyText: "z".repeat(5 * mib) },
          { path: "digest", method: "POST", bodyText: "after" },
        ],
        args: [
          ...["-disconnect-stream", "counter", "-stream", "counter", "-packets", "3"],
          ...["-stream-data", '{"intervalMs":10,"tag":"disconnect"}'],
          ...badPaths.flatMap((p) => ["-stream-probe", p]),
          ...["-stream-probe", "no-such-stream", "-stream-probe", "counter/unknown"],
        ],
        env: { GRAFANA_SHIM_TIMEOUT_MS: "1500", GRAFANA_SHIM_MAX_RECEIVE_MIB: "4" },
      }),
    );
    // The host's own per-call deadline, with the shim's timeout at its 30 s default. 5 s, as
    // the first call of a cold shim on a loaded machine may take more than a second.
    runs.set(
      "deadline",
      runHost("deadline", {
        requests: [
          { queries: [{ refId: "BEFORE", json: {} }] },
          { queries: [{ refId: "WAIT", json: { misbehave: "wait-abort", tag: "deadline" } }] },
          {
            queries: [
              { refId: "ABORTS", json: { misbehave: "aborts", tag: "deadline", waitMs: 3000 } },
            ],
          },
        ],
        args: ["-call-timeout", "5s"],
      }),
    );
    // Big resource bodies under the default 64 MiB receive limit.
    runs.set(
      "resources",
      runHost("resources", {
        resources: [
          { path: "digest", method: "POST", url: "/digest", bodyText: bigBody },
          { path: `bytes/${20 * mib}`, method: "GET" },
          { path: "throw", method: "GET" },
          { path: "garbage", method: "GET" },
          { path: "no/such/resource", method: "GET" },
          { path: "digest", method: "POST", bodyText: "after" },
        ],
        args: ["-query=false"],
      }),
    );
    for (const promise of runs.values()) promise.catch(() => undefined);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const at = async (file: string, offset = 0) => {
    const report = await run("main");
    const index = firstRequest[file];
    assert.ok(index !== undefined, file);
    return report.results[index + offset];
  };

  test("query JSON that is not a JSON object fails that query alone (400); the others answer", async () => {
    const entry = await at("01-bad-query-json.json");
    const got = outcomes(entry, "bad JSON");
    const invalid = (refId: string) => {
      const [status, error, source, count] = got[refId] ?? [];
      assert.deepEqual([status, source, count], [400, "plugin", 0], refId);
      return String(error);
    };
    assert.match(invalid("NOT_JSON"), /^query JSON is not valid JSON: \S/);
    assert.match(invalid("TRUNCATED"), /^query JSON is not valid JSON: \S/);
    assert.equal(invalid("ARRAY"), "query JSON must be a JSON object, not an array");
    assert.equal(invalid("NUMBER"), "query JSON must be a JSON object, not number");
    assert.equal(invalid("NULL"), "query JSON must be a JSON object, not null");
    assert.equal(invalid("STRING"), "query JSON must be a JSON object, not string");
    assert.deepEqual(got.EMPTY, [200, "", "", 0]);
    assert.deepEqual(got.ECHO, [200, "", "", 1]);
    const [echo] = frames(entry, "ECHO");
    assert.ok(echo, "the echo frame");
    const custom = ((echo.schema as Json).meta as Json).custom as Json;
    assert.deepEqual(custom.json, { answer: { echo: true } });
    assert.equal(custom.queryCount, 2, "the handler saw only the queries that converted");
  });

  test("empty and duplicate refIds: one answer per refId, nothing lost", async () => {
    const entry = await at("02-refids.json");
    const got = outcomes(entry, "refIds");
    assert.deepEqual(Object.keys(got).sort(), ["", "ALONE", "BOTH_FAIL", "DUP", "MIXED"]);
    assert.deepEqual(got[""], [200, "", "", 2]);
    assert.deepEqual(frameSummary(entry, ""), [
      ["empty-1", undefined, [[-5000000350000]]],
      ["empty-2", undefined, [["row-0", "row-1"]]],
    ]);
    assert.deepEqual(got.DUP, [502, "first failed", "downstream", 2]);
    assert.deepEqual(frameSummary(entry, "DUP"), [
      ["dup-1", "DUP", [[-1000, -999.75]]],
      ["dup-2", "DUP", [[true, false, false]]],
    ]);
    assert.deepEqual(got.BOTH_FAIL, [503, "one; two", "plugin", 0]);
    const [status, error, source, count] = got.MIXED ?? [];
    assert.deepEqual([status, source, count], [400, "plugin", 1]);
    assert.match(String(error), /^query JSON is not valid JSON: \S/);
    assert.deepEqual(frameSummary(entry, "MIXED"), [["mixed", "MIXED", [[1700000000000]]]]);
    assert.deepEqual(got.ALONE, [200, "", "", 1]);
    const { hostLog } = await run("main");
    const merged = hostLog.filter((e) => e["@message"] === "duplicate refId: answers merged");
    assert.deepEqual(merged.map((e) => e.refId).sort(), ["", "BOTH_FAIL", "DUP", "MIXED"]);
  });

  test("an unknown format (7): every query answers with a clear error; the next request answers", async () => {
    const entry = await at("03-unknown-format.json");
    const error = "unknown frame format 7 (known: 0 arrow, 1 json)";
    assert.deepEqual(outcomes(entry, "format 7"), {
      A: [400, error, "plugin", 0],
      B: [400, error, "plugin", 0],
    });
    assert.equal(answers(entry, "format 7").A?.format, "ARROW");
    const next = await at("03-unknown-format.json", 1);
    assert.deepEqual(outcomes(next, "after"), { AFTER: [200, "", "", 1] });
    assert.equal(answers(next, "after").AFTER?.format, "JSON");
  });

  test("a handler that throws fails only its query, with what it threw", async () => {
    const entry = await at("04-handler-throws.json");
    assert.deepEqual(outcomes(entry, "throws"), {
      ERROR: [500, "boom from the handler", "plugin", 0],
      STRING: [500, 'handler threw a non-Error value: "a plain string"', "plugin", 0],
      OBJECT: [500, 'handler threw a non-Error value: {"code":42,"why":"an object"}', "plugin", 0],
      UNDEFINED: [500, "handler threw a non-Error value: undefined", "plugin", 0],
      DOWNSTREAM: [502, "the upstream answered 503", "downstream", 0],
      OK: [200, "", "", 1],
    });
  });

  test("a handler that returns garbage fails only its query, saying what is wrong (Arrow and JSON)", async () => {
    const unequal =
      'frame 0 cannot be encoded: field 1 "b" has 3 values but field 0 "a" has 2: all fields of a frame must have the same length';
    const badFrames = {
      UNEQUAL: [500, unequal, "plugin", 0],
      UNKNOWN_TYPE: [
        500,
        'frame 0 cannot be encoded: field 0 "z": unknown field type "complex128"',
        "plugin",
        0,
      ],
      WRONG_VALUE: [
        500,
        'frame 0 cannot be encoded: field 0 "x" row 0: "1.5" (string) is not a number',
        "plugin",
        0,
      ],
      OK: [200, "", "", 1],
    };
    const arrow = await at("05-handler-garbage.json");
    assert.deepEqual(outcomes(arrow, "garbage"), {
      NUMBER: [500, "handler returned 42 instead of a response object", "plugin", 0],
      ARRAY: [500, "handler returned an array instead of a response object", "plugin", 0],
      NULL: [500, "handler returned null instead of a response object", "plugin", 0],
      FRAMES_NOT_ARRAY: [500, "handler response `frames` must be an array of frames", "plugin", 0],
      FRAME_NOT_OBJECT: [
        500,
        "frame 0 cannot be encoded: frame must be an object with a fields array",
        "plugin",
        0,
      ],
      ...badFrames,
      ERROR_AND_BAD_FRAME: [
        502,
        'the upstream answered 503; frame 0 cannot be encoded: field 0 "x" row 0: "1.5" (string) is not a number',
        "downstream",
        0,
      ],
    });
    const json = await at("05-handler-garbage.json", 1);
    assert.deepEqual(outcomes(json, "garbage as JSON"), badFrames);
    assert.equal(answers(json, "garbage as JSON").OK?.format, "JSON");
  });

  test("a handler that never answers is cut off by GRAFANA_SHIM_TIMEOUT_MS (504); the others answer", async () => {
    const entry = await at("06-never-answers.json");
    assert.deepEqual(outcomes(entry, "never answers"), {
      HANG: [504, "query timed out after 1500 ms", "plugin", 0],
      FAST: [200, "", "", 1],
      SLOW: [200, "", "", 1],
    });
    assert.deepEqual(frameSummary(entry, "SLOW"), [["slow", "SLOW", [[-5000000350000]]]]);
  });

  test("a host that disconnects mid-RunStream: the handler's signal aborts, the shim keeps serving", async () => {
    const report = await run("main");
    // What the host's dead connection itself reports afterwards (afterClose) is not the shim's.
    assert.equal(report.disconnect?.packets, 3, JSON.stringify(report.disconnect));
    assert.equal(report.disconnect?.socketClosed, true);
    const entry = await at("07-after-disconnect.json");
    assert.deepEqual(frameSummary(entry, "ABORTS"), [
      ["aborts", "ABORTS", [["disconnect"], ["the host cancelled the request"]]],
    ]);
    // A stream session on the main connection afterwards: packets, then the host's cancel.
    const stream = report.stream ?? {};
    assert.equal(stream.runError, undefined, JSON.stringify(stream.runError));
    assert.equal((stream.packets as Json[]).length, 3);
    assert.equal(stream.endCode, "Canceled");
    assert.deepEqual(stream.subscribe, { status: "OK", data: "" });
  });

  test("stream paths outside [A-Za-z0-9_-/]: InvalidArgument for subscribe, run and publish", async () => {
    const probes = (await run("main")).streamProbes ?? [];
    for (const path of badPaths) {
      const probe = probes.find((p) => p.path === path);
      assert.ok(probe, JSON.stringify(path));
      const refused = { grpcError: { code: "InvalidArgument", message: badPath(path) } };
      assert.deepEqual(
        [probe.subscribe, probe.run, probe.publish],
        [refused, refused, refused],
        JSON.stringify(path),
      );
    }
  });

  test("a subscribe for a path the handler does not know: NOT_FOUND (run: NotFound, publish: denied)", async () => {
    const report = await run("main");
    assert.deepEqual(report.stream?.subscribeUnknown, { status: "NOT_FOUND", data: "" });
    for (const path of ["no-such-stream", "counter/unknown"]) {
      const probe = report.streamProbes?.find((p) => p.path === path);
      assert.deepEqual(probe, {
        path,
        subscribe: { status: "NOT_FOUND", data: "" },
        run: { grpcError: { code: "NotFound", message: `no stream ${JSON.stringify(path)}` } },
        publish: { status: "PERMISSION_DENIED", data: "" },
      });
    }
  });

  test("requests over GRAFANA_SHIM_MAX_RECEIVE_MIB=4: ResourceExhausted, and the shim keeps serving", async () => {
    const tooBig = await at("tooBig");
    assert.equal(tooBig?.grpcError?.code, "ResourceExhausted", JSON.stringify(tooBig));
    assert.match(
      tooBig?.grpcError?.message ?? "",
      /^Received message larger than max \(\d+ vs 4194304\)$/,
    );
    const next = await at("tooBig", 1);
    assert.deepEqual(outcomes(next, "after the big request"), { AFTER_BIG: [200, "", "", 1] });
    const [bigCall, small] = (await run("main")).callResource ?? [];
    assert.equal((bigCall?.grpcError as GrpcError | undefined)?.code, "ResourceExhausted");
    assert.equal(small?.code, 200);
    assert.deepEqual(JSON.parse(small?.body as string), { bytes: 5, sha256: sha256("after") });
  });

  test("after all of it: the shim still pings, wrote only hclog lines, and stops when asked", async () => {
    checkLifecycle(await run("main"));
  });

  test("the host's own deadline aborts the handler's signal; the next request answers", async () => {
    const report = await run("deadline");
    assert.deepEqual(outcomes(report.results[0], "before"), { BEFORE: [200, "", "", 0] });
    // Either side may see the deadline first: the host's context, or grpc-js's own timer.
    const { grpcError } = report.results[1] ?? {};
    assert.equal(grpcError?.code, "DeadlineExceeded", JSON.stringify(report.results[1]));
    assert.match(grpcError?.message ?? "", /^(context deadline exceeded|Deadline exceeded)$/);
    // The handler learns why: grpc-js cancels the call at the deadline, or the shim's own timer fires.
    const [aborted] = frameSummary(report.results[2], "ABORTS");
    assert.deepEqual(aborted?.slice(0, 2), ["aborts", "ABORTS"]);
    const [reasonField, why] = (aborted?.[2] ?? []) as unknown[][];
    assert.deepEqual(reasonField, ["deadline"]);
    assert.match(String(why?.[0]), /^(the host cancelled the request|the host's deadline passed)$/);
    checkLifecycle(report);
  });

  test("CallResource: 32 MiB in, 20 MiB out in 1 MiB chunks, handler failures as 500 JSON", async () => {
    const report = await run("resources");
    const [big, out, thrown, garbage, unknown, afterAll] = report.callResource ?? [];
    assert.equal(big?.code, 200, JSON.stringify(big));
    assert.deepEqual(JSON.parse(big?.body as string), {
      bytes: 32 * mib,
      sha256: sha256(bigBody),
    });
    assert.equal(out?.code, 200);
    assert.deepEqual(out?.headers, { "Content-Type": ["text/plain"] });
    assert.equal(out?.chunks, 20);
    assert.equal(out?.bodyBytes, 20 * mib);
    assert.equal(out?.bodySha256, sha256(alphabetBytes(20 * mib)));
    const json500 = (message: string) => ({
      code: 500,
      headers: { "Content-Type": ["application/json"] },
      chunks: 1,
      body: JSON.stringify({ message }),
    });
    const pick = (r: Json | undefined) => ({
      code: r?.code,
      headers: r?.headers,
      chunks: r?.chunks,
      body: r?.body,
    });
    assert.deepEqual(pick(thrown), json500("resource handler failed"));
    assert.deepEqual(pick(garbage), json500("callResource must return {status, headers?, body?}"));
    assert.equal(unknown?.code, 404);
    assert.deepEqual(JSON.parse(unknown?.body as string), {
      error: "not found",
      path: "no/such/resource",
    });
    assert.deepEqual(JSON.parse(afterAll?.body as string), { bytes: 5, sha256: sha256("after") });
    checkLifecycle(report);
  });
});
