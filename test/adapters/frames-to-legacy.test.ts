import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  framesToLegacy,
  frameToSeries,
  labelsText,
  seriesNameOf,
} from "../../src/adapters/index.js";
import type { Field, Frame } from "../../src/model/frame.js";

const time = (values: (number | null)[], extra: Partial<Field> = {}): Field =>
  ({ name: "time", type: "time", nullable: values.includes(null), values, ...extra }) as Field;
const num = (name: string, values: (number | null)[], extra: Partial<Field> = {}): Field =>
  ({ name, type: "float64", nullable: true, values, ...extra }) as Field;
const str = (name: string, values: (string | null)[]): Field => ({
  name,
  type: "string",
  nullable: true,
  values,
});

describe("series names as Grafana's FrameToSeriesSlice gives them", () => {
  it("displayName, then displayNameFromDS, then `name {k=v, …}` with Go's sorted labels, then the name", () => {
    const labels = { z: "1", a: "x y", "😀": "e", "\uff5e": "f" };
    assert.equal(
      seriesNameOf({ name: "cpu", labels, config: { displayName: "D", displayNameFromDS: "S" } }),
      "D",
    );
    assert.equal(
      seriesNameOf({ name: "cpu", labels, config: { displayName: "", displayNameFromDS: "S" } }),
      "S",
    );
    // Go sorts by UTF-8 bytes: U+FF5E before U+1F600, unlike JavaScript's UTF-16 order.
    assert.equal(seriesNameOf({ name: "cpu", labels }), "cpu {a=x y, z=1, \uff5e=f, 😀=e}");
    assert.equal(seriesNameOf({ name: "cpu", labels: {} }), "cpu");
    assert.equal(labelsText({}), "");
  });

  it("an empty displayNameFromDS still names the series (Go would fall through to the labels)", () => {
    assert.equal(
      seriesNameOf({ name: "", labels: { a: "b" }, config: { displayNameFromDS: "" } }),
      "",
    );
  });
});

describe("framesToLegacy", () => {
  it("gives one series per numeric field of a wide frame, tags = labels", () => {
    const frame: Frame = {
      fields: [
        time([1000, 2000]),
        num("a", [1, null]),
        {
          name: "b",
          type: "int32",
          nullable: false,
          values: new Int32Array([3, 4]),
          labels: { h: "x" },
        },
      ],
    };
    const { series, tables, warnings } = framesToLegacy([frame]);
    assert.deepStrictEqual(series, [
      {
        name: "a",
        points: [
          [1, 1000],
          [null, 2000],
        ],
      },
      {
        name: "b {h=x}",
        tags: { h: "x" },
        points: [
          [3, 1000],
          [4, 2000],
        ],
      },
    ]);
    assert.deepStrictEqual(tables, []);
    assert.deepStrictEqual(warnings, []);
  });

  it("widens long frames like the SDK's LongToWide, but leaves missing cells null", () => {
    const frame: Frame = {
      name: "m",
      fields: [
        time([1000, 1000, 2000]),
        { name: "v", type: "int64", nullable: false, values: [1n, 2n, 3n] },
        str("host", ["b", "a", "b"]),
        { name: "up", type: "bool", nullable: false, values: [true, true, false] },
      ],
    };
    const { series, warnings } = framesToLegacy([frame]);
    assert.deepStrictEqual(series, [
      {
        name: "v {host=a, up=true}",
        tags: { host: "a", up: "true" },
        points: [
          [2, 1000],
          [null, 2000],
        ],
      },
      {
        name: "v {host=b, up=false}",
        tags: { host: "b", up: "false" },
        points: [
          [null, 1000],
          [3, 2000],
        ],
      },
      {
        name: "v {host=b, up=true}",
        tags: { host: "b", up: "true" },
        points: [
          [1, 1000],
          [null, 2000],
        ],
      },
    ]);
    assert.deepStrictEqual(warnings, ['frames[0]: frame name "m" not kept']);
  });

  it("a long frame that goes back in time, or has two dimensions of one name, becomes a table and says why", () => {
    const unsorted: Frame = {
      fields: [time([2000, 1000]), num("v", [1, 2]), str("h", ["a", "b"])],
    };
    const twice: Frame = {
      fields: [time([1000]), num("v", [1]), str("h", ["a"]), str("h", ["b"])],
    };
    const { series, tables, warnings } = framesToLegacy([unsorted, twice]);
    assert.deepStrictEqual(series, []);
    assert.equal(tables.length, 2);
    assert.match(
      warnings[0]!,
      /^frames\[0\]: written as a table: it cannot be widened: its time goes back at row 1/,
    );
    assert.match(
      warnings[1]!,
      /^frames\[1\]: written as a table: .*two dimension fields are named "h"/,
    );
  });

  it("frames that are not time series become tables; so do frames with the table hint", () => {
    const noTime: Frame = { fields: [str("s", ["x"]), num("n", [1])] };
    const noNumber: Frame = { fields: [time([1000]), str("s", ["x"])] };
    const hinted: Frame = {
      meta: { preferredVisualisationType: "table" },
      fields: [time([1000]), num("n", [1])],
    };
    const { series, tables } = framesToLegacy([noTime, noNumber, hinted]);
    assert.deepStrictEqual(series, []);
    assert.deepStrictEqual(tables, [
      { columns: [{ text: "s" }, { text: "n" }], rows: [["x", 1]] },
      { columns: [{ text: "time" }, { text: "s" }], rows: [[1000, "x"]] },
      { columns: [{ text: "time" }, { text: "n" }], rows: [[1000, 1]] },
    ]);
  });

  it("no data: a typed frame without fields gives nothing; an untyped one, or a lone time field, Grafana's empty series", () => {
    const typed: Frame = {
      name: "t",
      meta: { type: "timeseries-multi", typeVersion: [0, 1] },
      fields: [],
    };
    const untyped: Frame = { name: "u", fields: [] };
    const lone: Frame = { name: "l", fields: [time([1000])] };
    const { series, warnings } = framesToLegacy([typed, untyped, lone]);
    assert.deepStrictEqual(series, [
      { name: "u", points: [] },
      { name: "l", points: [] },
    ]);
    assert.deepStrictEqual(warnings, [
      'frames[0]: frame name "t" not kept',
      "frames[2]: 1 times without values dropped",
    ]);
  });

  it("table cells by field type", () => {
    const frame: Frame = {
      meta: { preferredVisualisationType: "table" },
      fields: [
        time([1500, null]),
        { name: "i8", type: "int8", nullable: false, values: [1, -1] },
        { name: "u64", type: "uint64", nullable: false, values: [1n, 2n ** 64n - 1n] },
        {
          name: "f32",
          type: "float32",
          nullable: false,
          values: new Float32Array([0.5, Number.NaN]),
        },
        {
          name: "j",
          type: "json",
          nullable: true,
          values: [{ kind: "TYPE_BYTES", bytesValue: "AQ==" }, [1, 2n ** 70n]],
        },
        { name: "e", type: "enum", nullable: false, values: [0, 1] },
        { name: "b", type: "bool", nullable: false, values: [true, false] },
      ],
    };
    const { tables, warnings } = framesToLegacy([frame]);
    assert.deepStrictEqual(tables[0]?.rows, [
      [1500, 1n, 1n, 0.5, new Uint8Array([1]), 0, true],
      [null, -1n, "18446744073709551615", Number.NaN, `[1,${2n ** 70n}]`, 1, false],
    ]);
    assert.deepStrictEqual(warnings, [
      'frames[0].fields[2] "u64": 1 integers beyond int64 written as decimal text',
      'frames[0].fields[4] "j": 1 JSON objects or arrays written as JSON text',
      'frames[0].fields[5] "e": enum indexes written as numbers',
    ]);
  });
});

describe("framesToLegacy reports what legacy cannot hold", () => {
  const cases: [string, Frame, RegExp][] = [
    [
      "int64 beyond 2^53",
      {
        fields: [
          time([1]),
          { name: "v", type: "int64", nullable: false, values: [2n ** 53n + 1n] },
        ],
      },
      /fields\[1\] "v": 1 64-bit integers beyond 2\^53 rounded/,
    ],
    [
      "nanoseconds",
      { fields: [time([1], { nanos: [5] }), num("v", [1])] },
      /fields\[0\] "time": sub-millisecond parts of 1 times dropped/,
    ],
    [
      "fractional milliseconds",
      { fields: [time([1.5]), num("v", [1])] },
      /sub-millisecond parts of 1 times dropped/,
    ],
    [
      "field config",
      { fields: [time([1]), num("v", [1], { config: { unit: "s", displayName: "V" } })] },
      /fields\[1\] "v": config unit not kept/,
    ],
    [
      "a second time field",
      { fields: [time([1]), num("v", [1]), time([2], { name: "t2" })] },
      /fields\[2\] "t2": time field dropped/,
    ],
    [
      "a json field in a time series",
      {
        fields: [
          time([1]),
          num("v", [1]),
          { name: "j", type: "json", nullable: false, values: [{}] },
        ],
      },
      /fields\[2\] "j": json field dropped/,
    ],
    [
      "labels on the time field",
      { fields: [time([1], { labels: { a: "b" } }), num("v", [1])] },
      /fields\[0\] "time": labels \{a=b\} not kept/,
    ],
    [
      "null times",
      { fields: [time([1, null]), num("v", [1, 2])] },
      /fields\[0\] "time": 1 rows with a null time dropped/,
    ],
    [
      "frame meta",
      { meta: { executedQueryString: "q", custom: {} }, fields: [time([1]), num("v", [1])] },
      /frames\[0\]: meta executedQueryString, custom not kept/,
    ],
    ["a frame name", { name: "n", fields: [time([1]), num("v", [1])] }, /frame name "n" not kept/],
    [
      "frame notices",
      { meta: { notices: [{ severity: "warning", text: "truncated" }] }, fields: [] },
      /frames\[0\]: warning: truncated/,
    ],
    [
      "labels in a table",
      { fields: [{ ...str("s", ["x"]), labels: { k: "v" } }] },
      /labels \{k=v\} not kept \(tables have no labels\)/,
    ],
    [
      "config on a long frame's value field",
      { fields: [time([1]), num("v", [1], { config: { unit: "s" } }), str("h", ["a"])] },
      /fields\[1\] "v": config unit not kept/,
    ],
  ];
  for (const [what, frame, pattern] of cases) {
    it(what, () => {
      const { warnings } = framesToLegacy([frame]);
      assert.ok(
        warnings.some((w) => pattern.test(w)),
        `no warning matches ${pattern}: ${JSON.stringify(warnings)}`,
      );
    });
  }

  it("frameToSeries on a frame that is not a time series says so", () => {
    const { series, warnings } = frameToSeries({ fields: [str("s", ["x"])] });
    assert.deepStrictEqual(series, []);
    assert.deepStrictEqual(warnings, [
      "frame: not a time series (it has no time field), so no series",
    ]);
  });
});
