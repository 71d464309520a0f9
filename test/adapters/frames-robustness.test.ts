import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkSeriesList } from "../../src/adapters/check-series.js";
import { checkTable } from "../../src/adapters/check-table.js";
import { framesToLegacy } from "../../src/adapters/index.js";
import { ShimError } from "../../src/errors.js";
import type { Field, Frame } from "../../src/model/frame.js";
import { frameArbitrary } from "../frames/frame-arbitrary.js";
import { name, runs, seriesValue } from "./arbitraries.js";

describe("framesToLegacy on any frames", () => {
  it("gives well-formed series and tables, or (only for malformed meta.notices) a ShimError", () => {
    fc.assert(
      fc.property(fc.array(frameArbitrary, { maxLength: 3 }), (frames) => {
        let out: ReturnType<typeof framesToLegacy>;
        try {
          out = framesToLegacy(frames);
        } catch (thrown) {
          assert.ok(
            thrown instanceof ShimError && /\.meta\.notices/.test(thrown.message),
            String(thrown),
          );
          return;
        }
        checkSeriesList(out.series, "series");
        out.tables.forEach((table, i) => {
          checkTable(table, `tables[${i}]`);
        });
        assert.ok(out.warnings.every((w) => typeof w === "string" && /^frames\[\d+\]/.test(w)));
      }),
      { numRuns: runs(500) },
    );
  });
});

/** A wide frame legacy holds exactly: time, then nullable float64 fields. */
const wideFrame: fc.Arbitrary<Frame> = fc.integer({ min: 1, max: 5 }).chain((rows) =>
  fc
    .record({
      times: fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: rows, maxLength: rows }),
      fields: fc.array(
        fc.record({ name, values: fc.array(seriesValue, { minLength: rows, maxLength: rows }) }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ times, fields }) => ({
      fields: [
        { name: "time", type: "time", nullable: false, values: times } as Field,
        ...fields.map((f) => ({ ...f, type: "float64", nullable: true }) as Field),
      ],
    })),
);

type Injection = [what: string, change: (frame: Frame) => Frame, warning: RegExp];

const withField = (frame: Frame, i: number, change: Partial<Field>): Frame => ({
  ...frame,
  fields: frame.fields.map((field, k) => (k === i ? ({ ...field, ...change } as Field) : field)),
});

const injections: Injection[] = [
  [
    "an int64 beyond 2^53",
    (f) =>
      withField(f, 1, {
        type: "int64",
        nullable: false,
        values: Array.from(f.fields[1]!.values, () => 2n ** 60n + 1n),
      }),
    /64-bit integers beyond 2\^53/,
  ],
  [
    "nanoseconds",
    (f) => withField(f, 0, { nanos: Array.from(f.fields[0]!.values, () => 1) }),
    /sub-millisecond parts/,
  ],
  ["a unit", (f) => withField(f, 1, { config: { unit: "ms" } }), /config unit not kept/],
  [
    "a second time field",
    (f) => ({ ...f, fields: [...f.fields, { ...f.fields[0]!, name: "t2" }] }),
    /"t2": time field dropped/,
  ],
  ["labels on time", (f) => withField(f, 0, { labels: { a: "b" } }), /labels \{a=b\} not kept/],
  [
    "a null time",
    (f) =>
      withField(f, 0, {
        nullable: true,
        values: [null, ...Array.from(f.fields[0]!.values).slice(1)] as null[],
      }),
    /1 rows with a null time dropped/,
  ],
  ["custom meta", (f) => ({ ...f, meta: { custom: 1 } }), /meta custom not kept/],
  ["a frame name", (f) => ({ ...f, name: "\u0000frame" }), /frame name .* not kept/],
];

describe("framesToLegacy never loses silently", () => {
  it("each injected loss gives a warning, and a clean wide frame gives none", () => {
    fc.assert(
      fc.property(wideFrame, fc.constantFrom(...injections), (frame, [what, change, warning]) => {
        assert.deepStrictEqual(framesToLegacy([frame]).warnings, [], "clean frame");
        const { warnings } = framesToLegacy([change(frame)]);
        assert.ok(
          warnings.some((w) => warning.test(w)),
          `${what}: ${JSON.stringify(warnings)}`,
        );
      }),
      { numRuns: runs(400) },
    );
  });
});
