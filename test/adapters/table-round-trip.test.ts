import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  framesToLegacy,
  frameToTable,
  tablesToFrames,
  tableToFrame,
} from "../../src/adapters/index.js";
import type { Table } from "../../src/model/legacy.js";
import { runs, table, tables } from "./arbitraries.js";

describe("legacy tables → frames → legacy", () => {
  it("is identical for every table", () => {
    fc.assert(
      fc.property(table, (t) => {
        const back = frameToTable(tableToFrame(t));
        assert.deepStrictEqual(back.table, t);
        assert.deepStrictEqual(back.warnings, []);
      }),
      { numRuns: runs(1000) },
    );
  });

  it("is identical through framesToLegacy, with no series beside", () => {
    fc.assert(
      fc.property(tables, (list) => {
        const back = framesToLegacy(tablesToFrames(list));
        assert.deepStrictEqual(back.tables, list);
        assert.deepStrictEqual(back.series, []);
      }),
      { numRuns: runs(300) },
    );
  });
});

const bytes = new Uint8Array([0, 1, 255]);

describe("hand-picked tables", () => {
  it("an empty table, and a table with columns but no rows", () => {
    for (const t of [
      { columns: [], rows: [] },
      { columns: [{ text: "time" }, { text: "v" }], rows: [] },
    ] satisfies Table[]) {
      const frame = tableToFrame(t);
      assert.equal(frame.meta?.preferredVisualisationType, "table");
      assert.deepStrictEqual(framesToLegacy([frame]).tables, [t]);
    }
  });

  it("a table without columns loses its empty rows, and says so", () => {
    const frame = tableToFrame({ columns: [], rows: [[], []] });
    assert.match(frame.meta?.notices?.[0]?.text ?? "", /2 rows without cells dropped/);
    assert.deepStrictEqual(frameToTable(frame).table, { columns: [], rows: [] });
  });

  it("column types come from the cells; time columns make it timeseries-long", () => {
    const t: Table = {
      columns: ["Time", "host", "n", "big", "ok", "raw", "empty"].map((text) => ({ text })),
      rows: [
        [1000, "a", 1.5, 2n ** 62n, true, bytes, null],
        [2000, null, Number.NaN, -1n, false, null, null],
      ],
    };
    const frame = tableToFrame(t);
    assert.deepStrictEqual(frame.meta?.type, "timeseries-long");
    assert.deepStrictEqual(
      frame.fields.map((f) => [f.type, f.nullable]),
      [
        ["time", false],
        ["string", true],
        ["float64", false],
        ["int64", false],
        ["bool", false],
        ["json", true],
        ["float64", true],
      ],
    );
    assert.deepStrictEqual(frame.fields[5]?.values, [
      { kind: "TYPE_BYTES", bytesValue: "AAH/" },
      null,
    ]);
    assert.match(frame.meta?.notices?.[0]?.text ?? "", /column 5 "raw" holds bytes/);
    assert.deepStrictEqual(frameToTable(frame).table, t);
  });

  it("without a time column but with numbers it is numeric-long; without numbers untyped", () => {
    assert.equal(
      tableToFrame({ columns: [{ text: "n" }], rows: [[1]] }).meta?.type,
      "numeric-long",
    );
    assert.equal(tableToFrame({ columns: [{ text: "s" }], rows: [["x"]] }).meta?.type, undefined);
    // Int64 times stay int64: a time field could not tell them from doubles on the way back.
    assert.equal(
      tableToFrame({ columns: [{ text: "time" }, { text: "v" }], rows: [[1n, 1]] }).meta?.type,
      "numeric-long",
    );
  });

  it("a time column that goes back in time keeps the rows in order, untyped, with a notice", () => {
    const frame = tableToFrame({
      columns: [{ text: "time" }, { text: "v" }],
      rows: [
        [2000, 1],
        [1000, 2],
      ],
    });
    assert.equal(frame.meta?.type, undefined);
    assert.equal(frame.fields[0]?.type, "time");
    assert.match(frame.meta?.notices?.[0]?.text ?? "", /goes back in time at row 1/);
  });

  it("mixed columns become json: plain JSON where exact, RowValue objects otherwise, with a notice", () => {
    const t: Table = {
      columns: [{ text: "mixed" }],
      rows: [
        [1],
        ["1"],
        [true],
        [1n],
        [Number.NaN],
        [-0],
        [bytes],
        [null],
        [Number.POSITIVE_INFINITY],
      ],
    };
    const frame = tableToFrame(t);
    assert.deepStrictEqual(frame.fields[0]?.values, [
      1,
      "1",
      true,
      { kind: "TYPE_INT64", int64Value: "1" },
      { kind: "TYPE_DOUBLE", doubleValue: "NaN" },
      { kind: "TYPE_DOUBLE", doubleValue: "-0" },
      { kind: "TYPE_BYTES", bytesValue: "AAH/" },
      null,
      { kind: "TYPE_DOUBLE", doubleValue: "Infinity" },
    ]);
    assert.match(
      frame.meta?.notices?.[0]?.text ?? "",
      /column 0 "mixed" mixes double, string, bool, int64, bytes cells/,
    );
    assert.deepStrictEqual(frameToTable(frame).table, t);
  });
});
