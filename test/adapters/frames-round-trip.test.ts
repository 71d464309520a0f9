import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { framesToLegacy, seriesToFrames, tablesToFrames } from "../../src/adapters/index.js";
import { frameFromArrow, frameToArrow } from "../../src/frames/arrow/frames.js";
import { frameFromJSON, frameToJSON } from "../../src/frames/json/frames.js";
import type { Field, Frame } from "../../src/model/frame.js";
import type { Series } from "../../src/model/legacy.js";
import { runs, seriesList, tables } from "./arbitraries.js";

describe("frames → legacy → frames", () => {
  for (const layout of ["multi", "untyped"] as const) {
    it(`is identical for ${layout} frames of any series`, () => {
      fc.assert(
        fc.property(seriesList, (series) => {
          const frames = seriesToFrames(series, { layout });
          assert.deepStrictEqual(seriesToFrames(framesToLegacy(frames).series, { layout }), frames);
        }),
        { numRuns: runs(300) },
      );
    });
  }

  it("is identical for frames of any table", () => {
    fc.assert(
      fc.property(tables, (list) => {
        const frames = tablesToFrames(list);
        assert.deepStrictEqual(tablesToFrames(framesToLegacy(frames).tables), frames);
      }),
      { numRuns: runs(300) },
    );
  });
});

// What the frame codecs cannot carry: -0 times (int64 nanoseconds) and empty label objects.
function codecSafe(series: Series[]): Series[] {
  return series
    .map((s) => ({
      ...s,
      ...(s.tags !== undefined && Object.keys(s.tags).length === 0 ? { tags: undefined } : {}),
      points: s.points.map(([value, time]) => [value, time === 0 ? 0 : time] as const),
    }))
    .map(({ tags, ...rest }) => (tags === undefined ? rest : { ...rest, tags }));
}

const codecs: Record<string, (frame: Frame) => Frame> = {
  "frame JSON": (frame) => frameFromJSON(frameToJSON(frame)),
  Arrow: (frame) => frameFromArrow(frameToArrow(frame)),
};

describe("legacy → frames → wire → frames → legacy", () => {
  for (const [name, through] of Object.entries(codecs)) {
    it(`is identical through ${name}`, () => {
      fc.assert(
        fc.property(seriesList, tables, (series, list) => {
          const frames = [...seriesToFrames(codecSafe(series)), ...tablesToFrames(list)].map(
            through,
          );
          const back = framesToLegacy(frames.map(plainValues));
          assert.deepStrictEqual(back.series, codecSafe(series));
          assert.deepStrictEqual(
            back.tables,
            list.map((t) => (t.columns.length === 0 ? { ...t, rows: [] } : t)),
          );
        }),
        { numRuns: runs(200) },
      );
    });
  }
});

/** Decoders may hand back typed arrays; the legacy side compares plain values. */
function plainValues(frame: Frame): Frame {
  return {
    ...frame,
    fields: frame.fields.map((field) => ({ ...field, values: Array.from(field.values) }) as Field),
  };
}
