/** Legacy results into `models.QueryResult`: every cell kind, nulls, and bad answers named. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ShimError } from "../../../../src/errors.js";
import type { Cell, LegacyResult, Point } from "../../../../src/model/legacy.js";
import { int64ToBigInt, type LongLike } from "../../../../src/protocol/grpc/int64.js";
import { protoRoot } from "../../../../src/protocol/grpc/proto-root.js";
import {
  errorResultToProto,
  queryResultToProto,
  type ResultOptions,
} from "../../../../src/protocol/v1/convert-result.js";
import { RowKind, type WireQueryResult } from "../../../../src/protocol/v1/wire.js";

const nan: ResultOptions = { nullPoints: "nan" };
const omit: ResultOptions = { nullPoints: "omit" };

/** The result as the host decodes it: encoded and decoded with the project's proto. */
function overTheWire(result: WireQueryResult): Record<string, unknown> {
  const type = protoRoot("legacy/datasource.proto").lookupType("models.QueryResult");
  return type.decode(type.encode(result).finish()) as unknown as Record<string, unknown>;
}

function oneCell(cell: Cell) {
  const wire = queryResultToProto(
    { refId: "A", tables: [{ columns: [{ text: "c" }], rows: [[cell]] }] },
    nan,
  );
  const value = wire.tables[0]?.rows[0]?.values[0];
  assert.ok(value);
  return value;
}

function handlerError(message: string | RegExp) {
  return (error: unknown) =>
    error instanceof ShimError &&
    error.code === "handler" &&
    (typeof message === "string" ? error.message === message : message.test(error.message));
}

describe("queryResultToProto: table cells", () => {
  test("the JavaScript type decides the kind", () => {
    assert.deepEqual(oneCell(1.5), { kind: RowKind.DOUBLE, doubleValue: 1.5 });
    assert.deepEqual(oneCell(-0), { kind: RowKind.DOUBLE, doubleValue: -0 });
    assert.deepEqual(oneCell(42n), { kind: RowKind.INT64, int64Value: "42" });
    assert.deepEqual(oneCell(false), { kind: RowKind.BOOL, boolValue: false });
    assert.deepEqual(oneCell("text"), { kind: RowKind.STRING, stringValue: "text" });
    assert.deepEqual(oneCell(new Uint8Array([0, 255])), {
      kind: RowKind.BYTES,
      bytesValue: new Uint8Array([0, 255]),
    });
    assert.deepEqual(oneCell(null), { kind: RowKind.NULL });
    assert.deepEqual(oneCell(undefined as unknown as Cell), { kind: RowKind.NULL });
  });

  test("a Buffer is bytes too", () => {
    assert.equal(oneCell(Buffer.from("hi")).kind, RowKind.BYTES);
  });

  test("NaN and ±Inf cells go out as NULL (Grafana cannot write them as JSON)", () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      assert.deepEqual(oneCell(value), { kind: RowKind.NULL }, String(value));
    }
  });

  test("every kind survives the wire, int64 exactly at both ends of its range", () => {
    const row: Cell[] = [
      2.25,
      2n ** 63n - 1n,
      -(2n ** 63n),
      true,
      "é\u0000",
      new Uint8Array([1, 2, 3]),
      null,
      Number.NaN,
    ];
    const wire = queryResultToProto(
      { refId: "A", tables: [{ columns: row.map((_, i) => ({ text: `c${i}` })), rows: [row] }] },
      nan,
    );
    const decoded = overTheWire(wire) as {
      tables: { rows: { values: Record<string, unknown>[] }[] }[];
    };
    const values = decoded.tables[0]?.rows[0]?.values ?? [];
    assert.deepEqual(
      values.map((v) => v.kind ?? 0),
      [1, 2, 2, 3, 4, 5, 0, 0],
    );
    assert.equal(values[0]?.doubleValue, 2.25);
    assert.equal(int64ToBigInt(values[1]?.int64Value as LongLike), 2n ** 63n - 1n);
    assert.equal(int64ToBigInt(values[2]?.int64Value as LongLike), -(2n ** 63n));
    assert.equal(values[3]?.boolValue, true);
    assert.equal(values[4]?.stringValue, "é\u0000");
    assert.deepEqual([...((values[5]?.bytesValue ?? []) as Uint8Array)], [1, 2, 3]);
  });

  for (const value of [2n ** 63n, -(2n ** 63n) - 1n]) {
    test(`bigint ${value} is out of int64: an error naming the cell`, () => {
      assert.throws(
        () =>
          queryResultToProto(
            {
              refId: "A",
              tables: [
                {
                  columns: [{ text: "a" }, { text: "b" }],
                  rows: [
                    [1, 2],
                    [3, value],
                  ],
                },
              ],
            },
            nan,
          ),
        (error: unknown) =>
          error instanceof ShimError &&
          error.message === `tables[0].rows[1][1] ${value} does not fit in int64`,
      );
    });
  }

  const unsupported: readonly [string, unknown, RegExp][] = [
    ["a Date", new Date(0), /^tables\[0\]\.rows\[0\]\[0\]: a Date cannot be a table cell/],
    ["a plain object", { a: 1 }, /^tables\[0\]\.rows\[0\]\[0\]: a Object cannot be a table cell/],
    ["an array", [1], /^tables\[0\]\.rows\[0\]\[0\]: a Array cannot be a table cell/],
    [
      "a null-prototype object",
      Object.create(null),
      /^tables\[0\]\.rows\[0\]\[0\]: a object cannot be a table cell/,
    ],
    ["a symbol", Symbol("s"), /^tables\[0\]\.rows\[0\]\[0\]: a symbol cannot be a table cell$/],
    ["a function", () => 1, /^tables\[0\]\.rows\[0\]\[0\]: a function cannot be a table cell$/],
  ];
  for (const [name, cell, message] of unsupported) {
    test(`${name} cell: an error naming the cell`, () => {
      assert.throws(
        () =>
          queryResultToProto(
            { refId: "A", tables: [{ columns: [{ text: "c" }], rows: [[cell as Cell]] }] },
            nan,
          ),
        handlerError(message),
      );
    });
  }

  test("rows wider or narrower than the columns: an error naming the row", () => {
    const columns = [{ text: "a" }, { text: "b" }];
    assert.throws(
      () =>
        queryResultToProto(
          {
            refId: "A",
            tables: [
              {
                columns,
                rows: [
                  [1, 2],
                  [1, 2, 3],
                ],
              },
            ],
          },
          nan,
        ),
      handlerError("tables[0].rows[1] has 3 cells but the table has 2 columns"),
    );
    assert.throws(
      () =>
        queryResultToProto(
          {
            refId: "A",
            tables: [
              { columns: [], rows: [] },
              { columns, rows: [[1]] },
            ],
          },
          nan,
        ),
      handlerError("tables[1].rows[0] has 1 cells but the table has 2 columns"),
    );
    assert.throws(
      () =>
        queryResultToProto(
          { refId: "A", tables: [{ columns, rows: ["ab" as unknown as Cell[]] }] },
          nan,
        ),
      handlerError("tables[0].rows[0] has no cells but the table has 2 columns"),
    );
  });

  test("a table without columns or rows arrays", () => {
    assert.throws(
      () => queryResultToProto({ refId: "A", tables: [{ columns: [] } as never] }, nan),
      handlerError("tables[0] needs a columns array and a rows array"),
    );
  });

  test("an empty table and a table with no rows are fine", () => {
    const wire = queryResultToProto(
      {
        refId: "A",
        tables: [
          { columns: [], rows: [] },
          { columns: [{ text: "x" }], rows: [] },
        ],
      },
      nan,
    );
    assert.deepEqual(wire.tables, [
      { columns: [], rows: [] },
      { columns: [{ name: "x" }], rows: [] },
    ]);
  });
});

describe("queryResultToProto: series points", () => {
  const points: Point[] = [
    [1.5, 1000],
    [null, 2000],
    [Number.POSITIVE_INFINITY, 3000],
    [Number.NEGATIVE_INFINITY, 4000],
    [Number.NaN, 5000],
    [-2, 6000],
  ];
  const series = (p: readonly Point[]): LegacyResult => ({
    refId: "A",
    series: [{ name: "s", points: p }],
  });

  test('nullPoints "nan": null, NaN and ±Inf points go out as NaN', () => {
    const wire = queryResultToProto(series(points), nan);
    const out = wire.series[0]?.points ?? [];
    assert.deepEqual(
      out.map((p) => p.timestamp),
      [1000, 2000, 3000, 4000, 5000, 6000],
    );
    assert.deepEqual(
      out.map((p) => (Number.isNaN(p.value) ? "NaN" : p.value)),
      [1.5, "NaN", "NaN", "NaN", "NaN", -2],
    );
  });

  test('nullPoints "omit": null, NaN and ±Inf points are left out (Grafana < 6.4 fails on NaN)', () => {
    const wire = queryResultToProto(series(points), omit);
    assert.deepEqual(wire.series[0]?.points, [
      { timestamp: 1000, value: 1.5 },
      { timestamp: 6000, value: -2 },
    ]);
  });

  test("negative and large safe timestamps pass; the wire keeps them exact", () => {
    const wire = queryResultToProto(
      series([
        [1, -86_400_000],
        [2, Number.MAX_SAFE_INTEGER],
      ]),
      nan,
    );
    const decoded = overTheWire(wire) as { series: { points: { timestamp: LongLike }[] }[] };
    assert.deepEqual(
      decoded.series[0]?.points.map((p) => int64ToBigInt(p.timestamp)),
      [-86_400_000n, BigInt(Number.MAX_SAFE_INTEGER)],
    );
  });

  const badPoints: readonly [string, unknown, string | RegExp][] = [
    ["not a pair", [1], "series[0].points[1] must be a [value, timeMs] pair"],
    ["a triple", [1, 2, 3], "series[0].points[1] must be a [value, timeMs] pair"],
    ["an object", { value: 1, time: 2 }, "series[0].points[1] must be a [value, timeMs] pair"],
    ["a string value", ["1", 2000], 'series[0].points[1]: value "1" is not a number or null'],
    ["a bigint value", [1n, 2000], "series[0].points[1]: value 1n is not a number or null"],
    [
      "an undefined value",
      [undefined, 2000],
      "series[0].points[1]: value undefined is not a number or null",
    ],
    [
      "a fractional time",
      [1, 1.5],
      "series[0].points[1]: time 1.5 is not an integer number of milliseconds",
    ],
    ["a time beyond 2^53", [1, 2 ** 60], /^series\[0\]\.points\[1\]: time \d+ is not an integer/],
    [
      "a bigint time",
      [1, 5n],
      "series[0].points[1]: time 5 is not an integer number of milliseconds",
    ],
    [
      "a NaN time",
      [1, Number.NaN],
      "series[0].points[1]: time NaN is not an integer number of milliseconds",
    ],
  ];
  for (const [name, point, message] of badPoints) {
    test(`${name}: an error naming the point`, () => {
      assert.throws(
        () => queryResultToProto(series([[1, 1000], point as Point]), nan),
        handlerError(message),
      );
    });
  }

  test("points that are not an array", () => {
    assert.throws(
      () => queryResultToProto({ refId: "A", series: [{ name: "s", points: {} as never }] }, nan),
      handlerError("series[0].points must be an array"),
    );
  });

  test("tags become a string map", () => {
    const wire = queryResultToProto(
      { refId: "A", series: [{ name: "s", tags: { host: "a", "": "" }, points: [] }] },
      nan,
    );
    assert.deepEqual(wire.series[0]?.tags, { host: "a", "": "" });
  });
});

describe("queryResultToProto: meta, error, refId", () => {
  test("no meta: empty metaJson; any JSON value: its text", () => {
    assert.equal(queryResultToProto({ refId: "A" }, nan).metaJson, "");
    assert.equal(queryResultToProto({ refId: "A", meta: { a: [1] } }, nan).metaJson, '{"a":[1]}');
    assert.equal(queryResultToProto({ refId: "A", meta: "x" }, nan).metaJson, '"x"');
    assert.equal(queryResultToProto({ refId: "A", meta: null }, nan).metaJson, "null");
  });

  test("meta that cannot be JSON: an error naming meta", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(
      () => queryResultToProto({ refId: "A", meta: cycle }, nan),
      handlerError(/^meta cannot be written as JSON: .*circular/i),
    );
    assert.throws(
      () => queryResultToProto({ refId: "A", meta: { n: 1n } }, nan),
      handlerError(/^meta cannot be written as JSON: .*BigInt/),
    );
    assert.throws(
      () =>
        queryResultToProto(
          {
            refId: "A",
            meta: {
              toJSON: () => {
                throw "nope";
              },
            },
          },
          nan,
        ),
      handlerError("meta cannot be written as JSON: nope"),
    );
  });

  test("a result with neither series nor tables sends none", () => {
    assert.deepEqual(queryResultToProto({ refId: "A", error: "bad" }, nan), {
      refId: "A",
      error: "bad",
      metaJson: "",
      series: [],
      tables: [],
    });
  });

  test("lone surrogates become U+FFFD in every string, and meta stays valid JSON", () => {
    const lone = "a\ud800b\udfffc";
    const fixed = "a\ufffdb\ufffdc";
    const wire = queryResultToProto(
      {
        refId: lone,
        error: lone,
        meta: { [lone]: lone },
        series: [{ name: lone, tags: { [lone]: lone }, points: [] }],
        tables: [{ columns: [{ text: lone }], rows: [[lone]] }],
      },
      nan,
    );
    assert.equal(wire.refId, fixed);
    assert.equal(wire.error, fixed);
    assert.equal(wire.series[0]?.name, fixed);
    assert.deepEqual(wire.series[0]?.tags, { [fixed]: fixed });
    assert.equal(wire.tables[0]?.columns[0]?.name, fixed);
    assert.equal(wire.tables[0]?.rows[0]?.values[0]?.stringValue, fixed);
    assert.equal(wire.metaJson, wire.metaJson.toWellFormed(), "valid UTF-16, so valid UTF-8");
    assert.deepEqual(JSON.parse(wire.metaJson), { [lone]: lone });
    const decoded = overTheWire(wire);
    assert.equal(decoded.refId, fixed);
  });

  test("a valid surrogate pair is kept", () => {
    assert.equal(queryResultToProto({ refId: "😀" }, nan).refId, "😀");
  });

  test("errorResultToProto", () => {
    assert.deepEqual(errorResultToProto("B\ud800", "query model is not valid JSON"), {
      refId: "B\ufffd",
      error: "query model is not valid JSON",
      metaJson: "",
      series: [],
      tables: [],
    });
  });
});
