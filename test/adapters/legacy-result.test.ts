import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  framesToLegacyResult,
  legacyResultToFrames,
  seriesLayouts,
} from "../../src/adapters/index.js";
import type { LegacyResult } from "../../src/model/legacy.js";
import { runs, seriesList, tables } from "./arbitraries.js";

const result = fc.record(
  {
    refId: fc.constantFrom("A", "B", ""),
    series: seriesList,
    tables,
    meta: fc.jsonValue(),
  },
  { requiredKeys: ["refId", "series", "tables"], noNullPrototype: true },
);

describe("a legacy result → frames → legacy result", () => {
  it("is identical for the exact layouts (meta rides in the first frame's meta.custom)", () => {
    fc.assert(
      fc.property(
        result,
        fc.constantFrom("multi", "untyped") as fc.Arbitrary<"multi" | "untyped">,
        (r, layout) => {
          const frames = legacyResultToFrames(r, { layout });
          assert.ok(frames.every((frame) => frame.refId === r.refId));
          const back = framesToLegacyResult(r.refId, frames);
          // A table without columns loses its empty rows (a frame without fields has none).
          const expected = {
            ...r,
            tables: r.tables.map((t) => (t.columns.length === 0 ? { ...t, rows: [] } : t)),
          };
          assert.deepStrictEqual(back.result, expected);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("leaves the no-data frame out beside table frames, and keeps it for an empty result", () => {
    const table = { columns: [{ text: "a" }], rows: [["x"]] };
    const withTable = legacyResultToFrames({ refId: "A", series: [], tables: [table] });
    assert.deepStrictEqual(
      withTable.map((f) => f.meta?.type),
      [undefined],
    );
    for (const layout of seriesLayouts) {
      const empty = legacyResultToFrames({ refId: "A" }, { layout });
      assert.equal(empty.length, layout === "untyped" ? 0 : 1, layout);
    }
    const metaOnly: LegacyResult = { refId: "A", meta: { rows: 0 } };
    const frames = legacyResultToFrames(metaOnly, { layout: "untyped" });
    assert.deepStrictEqual(frames, [
      {
        refId: "A",
        meta: { type: "timeseries-multi", typeVersion: [0, 1], custom: { rows: 0 } },
        fields: [],
      },
    ]);
    assert.deepStrictEqual(framesToLegacyResult("A", frames).result, {
      ...metaOnly,
      series: [],
      tables: [],
    });
  });
});
