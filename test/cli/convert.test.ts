import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { convert, fixture, golden } from "./convert-run.js";

function assertGolden(name: string, text: string): void {
  const { actual, expected } = golden(name, text);
  assert.equal(actual, expected, `${name} differs (GRAFANA_SHIM_UPDATE_GOLDENS=1 rewrites it)`);
}

function ok(args: readonly string[], input?: string) {
  const run = convert(args, input);
  assert.equal(run.status, 0, run.stderr);
  return run;
}

function warningsOf(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line !== "");
}

describe("grafana-shim convert on fixtures", () => {
  it("legacy tsdb response → frame JSON (timeseries-multi series, timeseries-long table)", () => {
    const run = ok([fixture("legacy-response.json"), "--to", "frames-json"]);
    assertGolden("legacy-response.frames.json", run.stdout);
    assert.equal(run.stderr, "");
  });

  it("legacy → frame JSON → tsdb and legacy → Arrow → tsdb give the legacy response back", () => {
    const tsdb = ok([fixture("legacy-response.json"), "--to", "tsdb"]).stdout;
    assertGolden("legacy-response.tsdb.json", tsdb);
    for (const via of ["frames-json", "arrow-base64"]) {
      const frames = ok([fixture("legacy-response.json"), "--to", via]).stdout;
      assert.equal(ok(["-", "--to", "tsdb"], frames).stdout, tsdb, via);
    }
  });

  it("every --frame-type of the legacy fixture", () => {
    for (const type of ["multi", "wide", "long", "untyped"]) {
      const run = ok([
        fixture("legacy-response.json"),
        "--to",
        "frames-json",
        "--frame-type",
        type,
      ]);
      assertGolden(`legacy-response.${type}.frames.json`, run.stdout);
      assertGolden(`legacy-response.${type}.stderr.txt`, run.stderr);
    }
  });

  it("unsorted points: untyped frames and a warning; back to tsdb unchanged", () => {
    const run = ok([fixture("legacy-unsorted.json"), "--to", "frames-json"]);
    assertGolden("legacy-unsorted.frames.json", run.stdout);
    assert.deepStrictEqual(warningsOf(run.stderr), [
      'grafana-shim convert: warning: results.A frame 0: series[1] "late": point 1 is earlier than point 0; timeseries-multi needs ascending time, so these frames use the untyped time/value layout, which keeps the order',
    ]);
    const back = ok(["--to", "tsdb"], run.stdout);
    assert.equal(back.stdout, ok([fixture("legacy-unsorted.json"), "--to", "tsdb"]).stdout);
  });

  it("frame JSON response → tsdb by Grafana's rules, every loss a warning", () => {
    const run = ok([fixture("frames-response.json"), "--to", "tsdb"]);
    assertGolden("frames-response.tsdb.json", run.stdout);
    assertGolden("frames-response.tsdb.stderr.txt", run.stderr);
  });

  it("frame JSON response → Arrow → frame JSON keeps the frames, but not a status", () => {
    const json = ok([fixture("frames-response.json"), "--to", "frames-json"]).stdout;
    assertGolden("frames-response.frames.json", json);
    const arrow = ok([fixture("frames-response.json"), "--to", "arrow-base64"]);
    assert.deepStrictEqual(warningsOf(arrow.stderr), [
      "grafana-shim convert: warning: results.D: status 504 not kept (the arrow-base64 form has no status)",
    ]);
    assert.equal(
      ok(["--to", "frames-json"], arrow.stdout).stdout,
      json.replace('"status":504', '"status":500'),
    );
  });

  it("a bare array of frame JSON and its Arrow form (written by grafana-plugin-sdk-go) agree", () => {
    const fromJson = ok([fixture("frames-array.json"), "--to", "tsdb"]);
    assertGolden("frames-array.tsdb.json", fromJson.stdout);
    const fromArrow = ok([fixture("arrow-frames.json"), "--to", "tsdb"]);
    assert.equal(fromArrow.stdout, fromJson.stdout);
    assert.equal(fromArrow.stderr, fromJson.stderr);
  });

  it("one frame object, read from standard input", () => {
    const frames = JSON.parse(readFileSync(fixture("frames-array.json"), "utf8")) as unknown[];
    const run = ok(["--to", "tsdb"], JSON.stringify(frames[0]));
    assert.equal(
      run.stdout,
      '{"results":{"A":{"refId":"A","series":[{"name":"cpu {host=a}","points":[[null,1000],[2,2000]],"tags":{"host":"a"}},{"name":"cpu on b","points":[[3,1000],[null,2000]],"tags":{"host":"b"}}],"tables":null}}}\n',
    );
    assert.deepStrictEqual(warningsOf(run.stderr), [
      "grafana-shim convert: warning: results.A.series[1]: 1 ±Inf values written as null (JSON has no Infinity)",
    ]);
  });
});

describe("grafana-shim convert on bad input exits 2 naming the position, with a usage hint", () => {
  const hint =
    "Usage: grafana-shim convert [file|-] --to tsdb|frames-json|arrow-base64 [--frame-type multi|wide|long|untyped] (see grafana-shim convert --help)\n";
  const cases: [string, string[], string | undefined, string][] = [
    [
      "a string point value",
      [fixture("bad-point.json"), "--to", "frames-json"],
      undefined,
      'results.A.series[0].points[3]: value "4" is not a number or null',
    ],
    [
      "a short row",
      [fixture("bad-row.json"), "--to", "tsdb"],
      undefined,
      "results.B.tables[0].rows[1]: has 1 cells but the table has 2 columns",
    ],
    [
      "not JSON",
      ["--to", "tsdb"],
      "{",
      "the input is not valid JSON: Expected property name or '}' in JSON at position 1",
    ],
    [
      "empty input",
      ["--to", "tsdb"],
      "",
      "the input is not valid JSON: Unexpected end of JSON input",
    ],
    [
      "JSON of another shape",
      ["--to", "tsdb"],
      '{"data":1}',
      'input: is not a tsdb response, frame JSON or base64 Arrow frames (expected {"results":…}, {"schema":…}, {"series":…} or an array)',
    ],
    ["not base64", ["--to", "tsdb"], '["%%"]', "[0]: is not base64"],
    [
      "not Arrow",
      ["--to", "tsdb"],
      '{"results":{"A":{"dataframes":["AAAA"]}}}',
      "results.A.dataframes[0]: ",
    ],
    [
      "a frame without schema",
      ["--to", "tsdb"],
      '{"results":{"A":{"frames":[{"data":{}}]}}}',
      "results.A.frames[0]: frame JSON has no schema",
    ],
    [
      "a number in an array",
      ["--to", "tsdb"],
      "[1]",
      "[0]: 1 is not frame JSON or a base64 Arrow string",
    ],
    [
      "an object cell",
      ["--to", "tsdb"],
      '{"results":{"A":{"tables":[{"columns":[{"text":"a"}],"rows":[[{"a":1}]]}]}}}',
      'results.A.tables[0].rows[0][0]: {"a":1} is not a table cell',
    ],
    [
      "a missing file",
      ["no-such-file.json", "--to", "tsdb"],
      undefined,
      'cannot read "no-such-file.json": ENOENT',
    ],
    [
      "no --to",
      [fixture("bad-row.json")],
      undefined,
      "--to is required (tsdb, frames-json, arrow-base64)",
    ],
    [
      "a bad --to",
      ["--to", "csv"],
      "[]",
      '--to must be one of tsdb, frames-json, arrow-base64, not "csv"',
    ],
    [
      "a bad --frame-type",
      ["--to", "frames-json", "--frame-type", "tall"],
      "[]",
      '--frame-type must be one of multi, untyped, wide, long, not "tall"',
    ],
    [
      "--frame-type for frames",
      [fixture("frames-array.json"), "--to", "arrow-base64", "--frame-type", "wide"],
      undefined,
      "--frame-type applies to legacy input only, and this input holds frames",
    ],
    [
      "--frame-type for tsdb",
      [fixture("legacy-response.json"), "--to", "tsdb", "--frame-type", "wide"],
      undefined,
      "--frame-type lays out frames: it needs --to frames-json or arrow-base64",
    ],
    ["two files", ["a.json", "b.json", "--to", "tsdb"], undefined, "one input file at most, not 2"],
    ["an unknown option", ["--to", "tsdb", "--pretty"], undefined, "Unknown option '--pretty'"],
  ];
  for (const [what, args, input, message] of cases) {
    it(what, () => {
      const run = convert(args, input);
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stdout, "");
      const [first, second, ...rest] = run.stderr.split("\n");
      assert.ok(
        first?.startsWith(`grafana-shim convert: ${message}`),
        `${first} does not start with ${message}`,
      );
      assert.equal(`${second}\n`, hint);
      assert.deepStrictEqual(rest, [""]);
    });
  }

  it("--help", () => {
    const run = ok(["--help"]);
    assert.match(
      run.stdout,
      /^Usage: grafana-shim convert \[file\|-\] --to tsdb\|frames-json\|arrow-base64/,
    );
    assert.match(run.stdout, /--frame-type lays out legacy series/);
  });
});
