/**
 * Bad input through real go-plugin hosts: the shim, running the misbehaving test
 * handler (test/handlers/misbehaving.ts, which answers everything else like
 * echo-legacy), gets the requests of test/fixtures/v1-bad plus a few generated
 * ones too big to keep as files. Each case checks the exact outcome of every
 * query and that the queries beside a bad one still answer. Start-up failures
 * (port range, socket folder) run the executable directly.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../clean-env.js";
import { bigText } from "../handlers/misbehaving.js";
import { shim } from "./shim-executable.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const binDir = join(root, "test/.bin");
const fixtureDir = join(root, "test/fixtures/v1-bad");
const misbehaving = join(root, "dist/test/handlers/misbehaving.js");
const hclogTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
/** This run's temporary folder, removed at the end. */
let dir = "";

type Json = Record<string, unknown>;

interface WireResult {
  readonly refId: string;
  readonly error: string;
  readonly metaJson: string;
  readonly series: Json[];
  readonly tables: { columns: Json[]; rows: { values: Json[] }[] }[];
}

interface Entry {
  readonly response?: { readonly results: readonly WireResult[] };
  readonly grpcError?: { readonly code: string; readonly message: string };
}

interface HostReport {
  readonly negotiatedVersion: number | null;
  readonly results: readonly Entry[];
  readonly pingOk: boolean;
  readonly exited: boolean;
  readonly hostLog: readonly Json[];
}

const timeRange = {
  fromRaw: "now-1h",
  toRaw: "now",
  fromEpochMs: "1767362645000",
  toEpochMs: "1767366245000",
};

/** Fixtures write `model` as an object for reading; the wire wants its JSON text. */
function toWireRequest(request: Json): Json {
  const queries = (request.queries as Json[] | undefined) ?? [];
  return {
    ...request,
    queries: queries.map(({ model, ...query }) =>
      model === undefined ? query : { ...query, modelJson: JSON.stringify(model) },
    ),
  };
}

function fixture(file: string): Json[] {
  const parsed = JSON.parse(readFileSync(join(fixtureDir, file), "utf8")) as Json;
  assert.equal(typeof parsed.comment, "string", `${file} needs a comment`);
  return (parsed.requests as Json[]).map(toWireRequest);
}

interface HostRun {
  readonly report: HostReport;
}

/** Runs a Go host against the shim with these requests; resolves with its report. */
function runHost(
  name: string,
  exe: string,
  args: readonly string[],
  requests: readonly Json[],
  env: Record<string, string>,
): Promise<HostRun> {
  const requestsFile = join(dir, `${name}-requests.json`);
  const outFile = join(dir, `${name}-report.json`);
  writeFileSync(requestsFile, JSON.stringify(requests));
  return new Promise((resolve, reject) => {
    execFile(
      join(binDir, exe),
      [...args, "-plugin", shim, "-requests", requestsFile, "-out", outFile],
      { env: cleanEnv({ TMPDIR: dir, ...env }), timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`${name}: ${exe} failed: ${error.message}\n${stderr}`));
        else {
          const report = JSON.parse(readFileSync(outFile, "utf8")) as HostReport;
          resolve({ report });
        }
      },
    );
  });
}

function results(entry: Entry | undefined, what: string): readonly WireResult[] {
  assert.ok(entry?.response, `${what}: a response, not ${JSON.stringify(entry)}`);
  return entry.response.results;
}

/** `[refId, error]` per result, for exact comparison. */
function outcomes(entry: Entry | undefined, what: string): [string, string][] {
  return results(entry, what).map((r) => [r.refId, r.error]);
}

function meta(result: WireResult | undefined): unknown {
  assert.ok(result, "result present");
  assert.equal(result.error, "", `${result.refId} answered without error`);
  return JSON.parse(result.metaJson);
}

/** Lines the plugin wrote that the host could not read as hclog (see v1-differential). */
function rawShimLines(report: HostReport): Json[] {
  return report.hostLog.filter(
    (entry) => entry["@module"] === "host.grafana-shim" && !("timestamp" in entry),
  );
}

function checkLifecycle(report: HostReport): void {
  assert.equal(report.pingOk, true, "the plugin still answers pings at the end");
  assert.equal(report.exited, true, "the plugin stopped when asked");
}

/** Starts the executable as a host would; resolves when it exits. */
function runShimDirectly(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(shim, [], {
      env: cleanEnv({ TMPDIR: dir, grafana_plugin_type: "datasource", ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => {
      stdout += t;
    });
    child.stderr.setEncoding("utf8").on("data", (t: string) => {
      stderr += t;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the shim did not exit:\n${stderr}`));
    }, 10_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every stderr line is hclog JSON; returns the entries. */
function hclogLines(stderr: string): Json[] {
  return stderr
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      let entry: Json;
      try {
        entry = JSON.parse(line) as Json;
      } catch {
        assert.fail(`not an hclog line: ${line}`);
      }
      for (const key of ["@level", "@message", "@module", "@timestamp"]) {
        assert.equal(typeof entry[key], "string", `${key} in ${line}`);
      }
      assert.match(entry["@timestamp"] as string, hclogTime);
      return entry;
    });
}

describe("protocol 1: bad input through real go-plugin hosts", () => {
  /** Runs started in before(), so that the slow ones overlap; each test awaits its own. */
  const runs = new Map<string, Promise<HostRun>>();
  const run = (name: string) => {
    const started = runs.get(name);
    assert.ok(started, name);
    return started;
  };
  const firstRequest: Record<string, number> = {};

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "v1-bad-input-"));
    // One host-current run for the per-query cases: fixtures in order, then a
    // request over GRAFANA_SHIM_MAX_RECEIVE_MIB and one after it.
    const requests: Json[] = [];
    for (const file of readdirSync(fixtureDir)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      firstRequest[file] = requests.length;
      requests.push(...fixture(file));
    }
    firstRequest.tooBig = requests.length;
    requests.push(
      {
        timeRange,
        queries: [
          { refId: "BIG", modelJson: JSON.stringify({ pad: "x".repeat(5 * 1024 * 1024) }) },
        ],
      },
      { timeRange, queries: [{ refId: "AFTER_BIG", modelJson: '{"answer":{"meta":{"ok":1}}}' }] },
    );
    const main = runHost("main", "host-current", ["-timeout", "60s"], requests, {
      GRAFANA_SHIM_HANDLER: misbehaving,
      GRAFANA_SHIM_TIMEOUT_MS: "1500",
      GRAFANA_SHIM_MAX_RECEIVE_MIB: "4",
    });
    runs.set("main", main);

    // The host's own deadline: host-current has no per-call deadline, it gives every call the
    // deadline of its whole run (start included, hence the margin for a loaded machine).
    const hang = { timeRange, queries: [{ refId: "HANG", modelJson: '{"misbehave":"hang"}' }] };
    const ok = (refId: string) => ({
      timeRange,
      queries: [{ refId, modelJson: '{"answer":{"sleepMs":50,"meta":{"ok":true}}}' }],
    });
    runs.set(
      "host deadline",
      runHost("host-deadline", "host-current", ["-timeout", "10s"], [ok("BEFORE"), hang], {
        GRAFANA_SHIM_HANDLER: misbehaving,
      }),
    );
    // go-plugin of 2018 sets no PLUGIN_PROTOCOL_VERSIONS, so the plugin sees the one given here.
    runs.set(
      "abc,1",
      runHost("abc-1", "host-2018", ["-timeout", "30s"], [ok("V1")], {
        GRAFANA_SHIM_HANDLER: misbehaving,
        PLUGIN_PROTOCOL_VERSIONS: "abc,1",
      }),
    );
    for (const promise of runs.values()) promise.catch(() => undefined);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const at = async (name: string, file: string, offset = 0) => {
    const { report } = await run(name);
    const index = firstRequest[file];
    assert.ok(index !== undefined, file);
    return report.results[index + offset];
  };

  test("models that are not JSON objects fail alone; unknown keys reach the handler untouched", async () => {
    const entry = await at("main", "01-bad-models.json");
    const got = outcomes(entry, "bad models");
    assert.deepEqual(
      got.map(([refId]) => refId),
      ["NOT_JSON", "ARRAY", "NUMBER", "ECHO", "NULL"],
    );
    assert.match(got[0]?.[1] ?? "", /^query model is not valid JSON: \S/);
    assert.equal(got[1]?.[1], "query model must be a JSON object, not an array");
    assert.equal(got[2]?.[1], "query model must be a JSON object, not number");
    assert.equal(got[4]?.[1], "query model must be a JSON object, not null");
    const sentQueries = (fixture("01-bad-models.json")[0]?.queries ?? []) as Json[];
    const sent = JSON.parse(sentQueries[3]?.modelJson as string);
    const echo = meta(results(entry, "bad models")[3]) as { echo: Json };
    assert.deepEqual(echo.echo.model, sent);
    assert.equal(echo.echo.queryCount, 1, "the handler saw only the query that converted");
    for (const r of results(entry, "bad models").filter((r) => r.error)) {
      assert.deepEqual([r.metaJson, r.series, r.tables], ["", [], []]);
    }
  });

  test("negative maxDataPoints or intervalMs fail that query alone", async () => {
    const entry = await at("main", "02-negative-counts.json");
    assert.deepEqual(outcomes(entry, "negative counts"), [
      ["NEG_POINTS", "maxDataPoints must not be negative (got -1)"],
      ["NEG_INTERVAL", "intervalMs must not be negative (got -5)"],
      ["OK", ""],
    ]);
    const echo = meta(results(entry, "negative counts")[2]) as { echo: Json };
    assert.deepEqual([echo.echo.maxDataPoints, echo.echo.intervalMs], [100, 1000]);
  });

  test("an empty query list: gRPC InvalidArgument", async () => {
    assert.deepEqual(await at("main", "03-no-queries.json"), {
      grpcError: { code: "InvalidArgument", message: "the request has no queries" },
    });
  });

  test("a handler that throws a non-Error fails its query with the value shown", async () => {
    const entry = await at("main", "04-non-error-throws.json");
    assert.deepEqual(outcomes(entry, "throws"), [
      ["STRING", 'handler threw a non-Error value: "a plain string"'],
      ["OBJECT", 'handler threw a non-Error value: {"code":42,"why":"an object"}'],
      ["UNDEFINED", "handler threw a non-Error value: undefined"],
      ["NUMBER", "handler threw a non-Error value: 7"],
      ["OK", ""],
    ]);
    assert.deepEqual(meta(results(entry, "throws")[4]), { fine: true });
  });

  test("a handler that never answers is cut off by GRAFANA_SHIM_TIMEOUT_MS; the others answer", async () => {
    const entry = await at("main", "05-never-answers.json");
    assert.deepEqual(outcomes(entry, "never answers"), [
      ["HANG", "query timed out after 1500 ms"],
      ["FAST", ""],
      ["SLOW", ""],
    ]);
    assert.deepEqual(meta(results(entry, "never answers")[2]), { answered: "SLOW" });
  });

  test("rejections after the deadline: no crash, the next requests work, one log line for the unhandled one", async () => {
    const first = await at("main", "06-late-rejections.json", 0);
    assert.deepEqual(outcomes(first, "late reject"), [
      ["LATE", "query timed out after 1500 ms"],
      ["OK", ""],
    ]);
    for (const [offset, refId, want] of [
      [1, "WHILE_LATE_REJECTS", { request: 2 }],
      [2, "LEAK", { leaked: true }],
      [3, "AFTER_LEAK", { request: 4 }],
    ] as const) {
      const entry = await at("main", "06-late-rejections.json", offset);
      assert.deepEqual(outcomes(entry, refId), [[refId, ""]]);
      assert.deepEqual(meta(results(entry, refId)[0]), want);
    }
    const { report } = await run("main");
    const texts = report.hostLog.map((e) => JSON.stringify(e));
    const unhandled = report.hostLog.filter(
      (e) => e["@message"] === "unhandled rejection in handler code",
    );
    assert.equal(unhandled.length, 1, texts.join("\n"));
    assert.equal(unhandled[0]?.["@level"], "error");
    assert.match(String(unhandled[0]?.error), /a rejection nobody handles/);
    assert.deepEqual(
      texts.filter((t) => t.includes("rejected after the deadline")),
      [],
      "the rejection of a cut-off query is swallowed",
    );
    assert.deepEqual(
      texts.filter((t) => /uncaught exception/i.test(t)),
      [],
    );
    assert.deepEqual(rawShimLines(report), [], "no raw (non-hclog) lines from the shim");
    checkLifecycle(report);
  });

  test("a request over GRAFANA_SHIM_MAX_RECEIVE_MIB: ResourceExhausted, and the shim keeps serving", async () => {
    const tooBig = await at("main", "tooBig");
    assert.equal(tooBig?.grpcError?.code, "ResourceExhausted", JSON.stringify(tooBig));
    assert.match(tooBig?.grpcError?.message ?? "", /larger than max/i);
    const next = await at("main", "tooBig", 1);
    assert.deepEqual(outcomes(next, "after the big request"), [["AFTER_BIG", ""]]);
    assert.deepEqual(meta(results(next, "after")[0]), { ok: 1 });
  });

  test("the host's own deadline ends a request whose handler never answers", async () => {
    // Without it the call would wait for the shim's 30 s timeout and the host's watchdog would fail the run.
    const { report } = await run("host deadline");
    assert.deepEqual(outcomes(report.results[0], "before"), [["BEFORE", ""]]);
    // The host's context or grpc-js's own timer may end the call first; both say the deadline passed.
    const ended = report.results[1]?.grpcError;
    assert.equal(ended?.code, "DeadlineExceeded", JSON.stringify(report.results[1]));
    assert.match(ended?.message ?? "", /deadline exceeded/i);
    assert.equal(report.exited, true);
  });

  test('PLUGIN_PROTOCOL_VERSIONS="abc,1": version 1, and the host (go-plugin of 2018) talks to it', async () => {
    const { report } = await run("abc,1");
    assert.deepEqual(outcomes(report.results[0], "abc,1"), [["V1", ""]]);
    const started = report.hostLog.find((e) => e["@message"] === "plugin started");
    assert.ok(started, "the shim's start line reached the host log");
    assert.equal(started.protocol, 1);
    assert.equal(started.offered, "abc,1");
    checkLifecycle(report);
  });

  test("10 000 queries in one request, and a 50 MiB answer (go-plugin v1.0.1 host)", async () => {
    const many = {
      timeRange,
      queries: Array.from({ length: 10_000 }, (_, i) => ({
        refId: `Q${String(i).padStart(5, "0")}`,
        modelJson: `{"answer":{"meta":{"i":${i}}}}`,
      })),
    };
    const bytes = 50 * 1024 * 1024;
    const big = {
      timeRange,
      queries: [
        { refId: "BIG", modelJson: JSON.stringify({ misbehave: "big", bytes }) },
        { refId: "SMALL", modelJson: '{"answer":{"meta":{"small":true}}}' },
      ],
    };
    const { report } = await runHost("large", "host-v101", ["-timeout", "50s"], [many, big], {
      GRAFANA_SHIM_HANDLER: misbehaving,
    });
    const answered = results(report.results[0], "10 000 queries");
    assert.equal(answered.length, 10_000);
    answered.forEach((r, i) => {
      assert.equal(r.refId, `Q${String(i).padStart(5, "0")}`);
      assert.equal(r.error, "");
      assert.equal(r.metaJson, `{"i":${i}}`);
    });
    const [bigResult, small] = results(report.results[1], "50 MiB");
    assert.equal(bigResult?.error, "");
    const cell = bigResult?.tables[0]?.rows[0]?.values[0]?.stringValue as string | undefined;
    assert.equal(cell?.length, bytes);
    assert.ok(cell === bigText(bytes), "the 50 MiB cell arrived whole");
    assert.deepEqual(meta(small), { small: true });
    checkLifecycle(report);
  });
});

describe("protocol 1: start-up failures end with exit 1 and one clear hclog error", () => {
  let folder = "";
  before(() => {
    folder = mkdtempSync(join(tmpdir(), "v1-bad-start-"));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  async function failsWith(env: Record<string, string>, ...named: string[]): Promise<Json> {
    const { code, stdout, stderr } = await runShimDirectly(env);
    assert.equal(code, 1, stderr);
    assert.equal(stdout, "", "no handshake line");
    const errors = hclogLines(stderr).filter((e) => e["@level"] === "error");
    assert.equal(errors.length, 1, stderr);
    const message = errors[0]?.["@message"] as string;
    for (const text of named) assert.ok(message.includes(text), `${message} names ${text}`);
    return errors[0] as Json;
  }

  test("PLUGIN_MIN_PORT > PLUGIN_MAX_PORT with GRAFANA_SHIM_NETWORK=tcp", async () => {
    const error = await failsWith(
      { GRAFANA_SHIM_NETWORK: "tcp", PLUGIN_MIN_PORT: "20000", PLUGIN_MAX_PORT: "10000" },
      "PLUGIN_MIN_PORT (20000)",
      "PLUGIN_MAX_PORT (10000)",
    );
    assert.equal(
      error["@message"],
      "PLUGIN_MIN_PORT (20000) is greater than PLUGIN_MAX_PORT (10000): no port to listen on",
    );
  });

  test("PLUGIN_UNIX_SOCKET_DIR is a file", async () => {
    const file = join(folder, "a-file");
    writeFileSync(file, "");
    await failsWith(
      { PLUGIN_UNIX_SOCKET_DIR: file },
      `cannot listen on unix socket ${file}/plugin`,
    );
  });

  test("PLUGIN_UNIX_SOCKET_DIR does not exist, also through a host", async () => {
    const missing = join(folder, "no", "such", "dir");
    await failsWith(
      { PLUGIN_UNIX_SOCKET_DIR: missing },
      `cannot listen on unix socket ${missing}/plugin`,
    );
    // The latest go-plugin passes the variable on: the host gives up at once and shows why.
    mkdirSync(join(folder, "host"));
    const requests = join(folder, "host", "requests.json");
    writeFileSync(requests, JSON.stringify([{ timeRange, queries: [{ refId: "A" }] }]));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(
        join(binDir, "host-current"),
        ["-plugin", shim, "-requests", requests, "-timeout", "20s"],
        { env: cleanEnv({ TMPDIR: dir, PLUGIN_UNIX_SOCKET_DIR: missing }), timeout: 30_000 },
        (error, _stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
      ),
    );
    assert.equal(code, 2, `host exit code 2 (plugin could not start):\n${stderr}`);
    assert.ok(stderr.includes(`cannot listen on unix socket ${missing}/plugin`), stderr);
  });
});
