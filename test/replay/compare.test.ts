/** The comparison rules of replay, each with a table of cases. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseJsonExact } from "../../src/exact-json.js";
import { frameToJSON } from "../../src/frames/json/frames.js";
import type { Frame } from "../../src/model/frame.js";
import { comparable } from "../../src/replay/comparable.js";
import { absent, firstDifference, shown } from "../../src/replay/compare.js";
import { parsePath, pathText } from "../../src/replay/json-path.js";

describe("firstDifference", () => {
  const equal: [string, unknown, unknown][] = [
    ["map order", { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }],
    ["1 and 1.0", { v: 1 }, JSON.parse('{"v": 1.0}')],
    ["1 and 1n", [1, 2], [1n, 2]],
    ["big integers by value", 9007199254740993n, 9007199254740993n],
    ["NaN and NaN", Number.NaN, Number.NaN],
    ["-0 and 0", -0, 0],
    ["undefined and absent", { a: 1, b: undefined }, { a: 1 }],
  ];
  for (const [name, e, a] of equal)
    test(`equal: ${name}`, () => assert.equal(firstDifference(e, a), undefined));

  const different: [string, unknown, unknown, string, unknown, unknown][] = [
    ["a value", { a: [1, 2] }, { a: [1, 3] }, "response.a[1]", 2, 3],
    ["a missing key", { a: 1, b: 2 }, { a: 1 }, "response.b", 2, absent],
    ["an extra key", { a: 1 }, { a: 1, z: 0 }, "response.z", absent, 0],
    ["a longer array", [1], [1, 2], "response[1]", absent, 2],
    [
      "bigints",
      9007199254740993n,
      9007199254740995n,
      "response",
      9007199254740993n,
      9007199254740995n,
    ],
    ["a number and its text", { v: 1 }, { v: "1" }, "response.v", 1, "1"],
    ["null and 0", [null], [0], "response[0]", null, 0],
    [
      "cells of other kinds",
      [{ int64: "1" }],
      [{ double: 1 }],
      "response[0]",
      { int64: "1" },
      { double: 1 },
    ],
    [
      "keys that are not names",
      { results: { "my query": 1 } },
      { results: { "my query": 2 } },
      'response.results["my query"]',
      1,
      2,
    ],
  ];
  for (const [name, e, a, path, expected, actual] of different) {
    test(`different: ${name}`, () =>
      assert.deepEqual(firstDifference(e, a), { path, expected, actual }));
  }

  test("the first difference in key order, then index order", () => {
    assert.equal(
      firstDifference({ b: [0, 1], a: [0, 2] }, { b: [9, 1], a: [0, 3] })?.path,
      "response.a[1]",
    );
  });

  test("volatile paths and everything under them are skipped; * is any key or index", () => {
    const e = { body: { results: { A: { meta: { t: 1, keep: 1 } }, B: { meta: { t: 5 } } } } };
    const a = { body: { results: { A: { meta: { t: 2, keep: 1 } }, B: { meta: { t: 6 } } } } };
    assert.equal(firstDifference(e, a, ["response.body.results.*.meta.t"]), undefined);
    assert.equal(
      firstDifference(e, a, ["response.body.results.A.meta"])?.path,
      "response.body.results.B.meta.t",
    );
    assert.equal(
      firstDifference(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [9, 2],
          [9, 4],
        ],
        ["response[*][0]"],
      ),
      undefined,
    );
  });
});

test("paths round-trip between text and segments", () => {
  for (const text of ["response.results[0].series[1].points[3][0]", 'response.body["a b"].x']) {
    assert.equal(pathText(parsePath(text) ?? []), text);
  }
  assert.deepEqual(parsePath("response.*[*].c"), ["response", "*", "*", "c"]);
  assert.equal(parsePath("response..x"), undefined);
});

test("shown: bigints, absent, long values", () => {
  assert.equal(shown(5n), '"5n"');
  assert.equal(shown(absent), "(absent)");
  assert.ok(shown("x".repeat(1000)).endsWith("…"));
});

describe("frames are compared decoded", () => {
  const frame: Frame = {
    name: "f",
    refId: "A",
    fields: [
      { name: "t", type: "time", nullable: false, values: [1000, 2000] },
      { name: "v", type: "float64", nullable: true, values: [Number.NaN, null] },
      { name: "i", type: "int64", nullable: false, values: [9007199254740993n, 1n] },
    ],
  };
  // Parsed as fixture files are: int64 values beyond 2^53 stay exact.
  const json = (f: Frame) => parseJsonExact(frameToJSON(f), "frame");

  test("frame JSON and base64 Arrow of the same frame compare equal", async () => {
    const { frameToArrow } = await import("../../src/frames/arrow/frames.js");
    const arrow = Buffer.from(frameToArrow(frame)).toString("base64");
    const fromJson = await comparable("ds-http", {
      status: 200,
      body: { results: { A: { frames: [frameToJSON(frame)] } } },
    });
    const fromArrow = await comparable("tsdb-http", {
      status: 200,
      body: { results: { A: { dataframes: [arrow] } } },
    });
    const pick = (x: unknown, key: string) =>
      (x as { body: { results: { A: Record<string, unknown[]> } } }).body.results.A[key]?.[0];
    assert.equal(
      firstDifference(pick(fromJson, "frames"), pick(fromArrow, "dataframes")),
      undefined,
    );
  });

  test("a differing cell is named by field and row", async () => {
    const changed: Frame = {
      ...frame,
      fields: [
        frame.fields[0] as Frame["fields"][0],
        { ...(frame.fields[1] as Frame["fields"][0]), values: [Number.NaN, 1.5] },
        frame.fields[2] as Frame["fields"][0],
      ],
    };
    const e = await comparable("v2", { responses: { A: { status: 200, frames: [json(frame)] } } });
    const a = await comparable("v2", {
      responses: { A: { status: 200, frames: [json(changed)] } },
    });
    assert.deepEqual(firstDifference(e, a), {
      path: "response.responses.A.frames[0].fields[1].values[1]",
      expected: null,
      actual: 1.5,
    });
  });

  test("typeVersion [0,0] and an empty meta are no meta, as Go reads them", async () => {
    const withMeta = { ...frame, meta: { typeVersion: [0, 0] as const } };
    const e = await comparable("v2", { responses: { A: { status: 200, frames: [json(frame)] } } });
    const a = await comparable("v2", {
      responses: { A: { status: 200, frames: [json(withMeta)] } },
    });
    assert.equal(firstDifference(e, a), undefined);
  });

  test("a frame that does not decode is compared as it is", async () => {
    const bad = { schema: { fields: [] }, data: { values: [[1]] } };
    const e = await comparable("v2", { responses: { A: { status: 200, frames: [bad] } } });
    assert.deepEqual((e as { responses: { A: { frames: unknown[] } } }).responses.A.frames[0], bad);
  });
});
