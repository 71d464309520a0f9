import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { framesToLegacy, seriesToFrames } from "../../src/adapters/index.js";
import type { Series } from "../../src/model/legacy.js";
import { runs, seriesList } from "./arbitraries.js";

function roundTrip(series: Series[], layout: "multi" | "untyped" | "wide" | "long") {
  const frames = seriesToFrames(series, { layout });
  return { frames, ...framesToLegacy(frames) };
}

/** Warnings other than the frames' own notices (which come back as `frames[i]: severity: text`). */
function lossWarnings(warnings: readonly string[]): string[] {
  return warnings.filter((w) => !/^frames\[\d+\]: (info|warning|error): /.test(w));
}

describe("legacy series → frames → legacy", () => {
  for (const layout of ["multi", "untyped"] as const) {
    it(`is identical for every input in the ${layout} layout`, () => {
      fc.assert(
        fc.property(seriesList, (series) => {
          const back = roundTrip(series, layout);
          assert.deepStrictEqual(back.series, series);
          assert.deepStrictEqual(back.tables, []);
          assert.deepStrictEqual(lossWarnings(back.warnings), []);
        }),
        { numRuns: runs(500) },
      );
    });
  }

  for (const layout of ["wide", "long"] as const) {
    it(`in the ${layout} layout is identical, or the first frame says what changes`, () => {
      fc.assert(
        fc.property(seriesList, (series) => {
          const back = roundTrip(series, layout);
          const notices = back.frames[0]?.meta?.notices ?? [];
          const said = notices.some((n) => n.text.startsWith(`the ${layout} layout cannot hold`));
          assert.equal(said, !isDeepStrictEqual(back.series, series));
        }),
        { numRuns: runs(500) },
      );
    });
  }
});

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

const awkward: Series[] = [
  {
    name: "cpu",
    tags: { host: "a" },
    points: [
      [1, 1000],
      [null, 2000],
      [Number.NaN, 3000],
    ],
  },
  {
    name: "cpu",
    tags: { host: "a" },
    points: [
      [Number.POSITIVE_INFINITY, 1000],
      [Number.NEGATIVE_INFINITY, 1000],
    ],
  },
  { name: "", tags: { host: "b" }, points: [[-0, 0]] },
  { name: "value", points: [] },
  { name: "empty tags", tags: {}, points: [[0, -5000]] },
];

describe("hand-picked series", () => {
  it("nulls, NaN, ±Inf, -0, duplicate names and times, empty series, empty tags survive every exact layout", () => {
    for (const layout of ["multi", "untyped"] as const) {
      assert.deepStrictEqual(roundTrip(awkward, layout).series, awkward, layout);
    }
  });

  it("multi: one typed frame per series, non-null ascending time, nullable float64 named after the series", () => {
    const [frame] = seriesToFrames([awkward[0]!]);
    assert.deepStrictEqual(frame, {
      meta: { type: "timeseries-multi", typeVersion: [0, 1] },
      fields: [
        { name: "time", type: "time", nullable: false, values: [1000, 2000, 3000] },
        {
          name: "cpu",
          type: "float64",
          nullable: true,
          labels: { host: "a" },
          // Grafana would otherwise name it "cpu {host=a}".
          config: { displayNameFromDS: "cpu" },
          values: [1, null, Number.NaN],
        },
      ],
    });
  });

  it("multi: a series without tags needs no display name", () => {
    const [frame] = seriesToFrames([{ name: "cpu", points: [[1, 1000]] }]);
    assert.equal(frame?.fields[1]?.config, undefined);
  });

  it("multi: a series named like the time field keeps its name in the frontend", () => {
    // Without it Grafana's getFieldDisplayName shows the second "time" field as "time 2".
    const series: Series[] = [{ name: "time", points: [[1, 1000]] }];
    const [frame] = seriesToFrames(series);
    assert.deepStrictEqual(frame?.fields[1]?.config, { displayNameFromDS: "time" });
    assert.deepStrictEqual(framesToLegacy([frame!]).series, series);
  });

  it("multi: no series is the data-plane no-data frame; untyped gives no frame", () => {
    assert.deepStrictEqual(seriesToFrames([]), [
      { meta: { type: "timeseries-multi", typeVersion: [0, 1] }, fields: [] },
    ]);
    assert.deepStrictEqual(seriesToFrames([], { layout: "untyped" }), []);
    assert.deepStrictEqual(framesToLegacy(seriesToFrames([])).series, []);
  });

  it("multi: unsorted points switch every frame to the untyped layout, keeping their order, and say why", () => {
    const series: Series[] = [
      { name: "a", points: [[1, 1000]] },
      {
        name: "b",
        points: [
          [2, 2000],
          [1, 1000],
        ],
      },
    ];
    const frames = seriesToFrames(series);
    assert.equal(frames.length, 2);
    assert.ok(frames.every((f) => f.meta?.type === undefined));
    assert.match(
      frames[0]?.meta?.notices?.[0]?.text ?? "",
      /series\[1\] "b": point 1 is earlier than point 0/,
    );
    assert.deepStrictEqual(frames[1]?.fields[0]?.values, [2000, 1000]);
    assert.deepStrictEqual(framesToLegacy(frames).series, series);
  });

  it("untyped: Grafana's SeriesToFrame shape", () => {
    const [frame] = seriesToFrames([awkward[0]!], { layout: "untyped" });
    assert.deepStrictEqual(frame, {
      name: "cpu",
      fields: [
        { name: "time", type: "time", nullable: true, values: [1000, 2000, 3000] },
        {
          name: "value",
          type: "float64",
          nullable: true,
          labels: { host: "a" },
          config: { displayNameFromDS: "cpu" },
          values: [1, null, Number.NaN],
        },
      ],
    });
  });

  it("wide: aligned series are exact; others are joined on time and the loss is noted", () => {
    const aligned: Series[] = [
      {
        name: "a",
        points: [
          [1, 1000],
          [2, 2000],
        ],
      },
      {
        name: "b",
        tags: { h: "x" },
        points: [
          [3, 1000],
          [null, 2000],
        ],
      },
    ];
    const frames = seriesToFrames(aligned, { layout: "wide" });
    assert.equal(frames.length, 1);
    assert.equal(frames[0]?.meta?.notices, undefined);
    assert.deepStrictEqual(
      frames[0]?.fields.map((f) => f.values),
      [
        [1000, 2000],
        [1, 2],
        [3, null],
      ],
    );
    assert.deepStrictEqual(framesToLegacy(frames).series, aligned);

    const ragged: Series[] = [
      { name: "a", points: [[1, 1000]] },
      { name: "b", points: [[2, 2000]] },
    ];
    const joined = seriesToFrames(ragged, { layout: "wide" });
    assert.deepStrictEqual(
      joined[0]?.fields.map((f) => f.values),
      [
        [1000, 2000],
        [1, null],
        [null, 2],
      ],
    );
    assert.match(
      joined[0]?.meta?.notices?.[0]?.text ?? "",
      /series\[0\] "a" comes back with 2 points instead of 1/,
    );
  });

  it("long: one row per point and a string field per tag key", () => {
    const series: Series[] = [
      { name: "cpu", tags: { host: "b" }, points: [[2, 2000]] },
      {
        name: "cpu",
        tags: { host: "a" },
        points: [
          [1, 1000],
          [3, 2000],
        ],
      },
    ];
    const [frame] = seriesToFrames(series, { layout: "long" });
    assert.equal(frame?.meta?.type, "timeseries-long");
    assert.deepStrictEqual(
      frame?.fields.map((f) => [f.name, f.type, f.values]),
      [
        ["time", "time", [1000, 2000, 2000]],
        ["cpu", "float64", [1, 2, 3]],
        ["host", "string", ["a", "b", "a"]],
      ],
    );
    // Widening names the series `cpu {host=a}`, sorted by labels: the notice says so.
    assert.match(frame?.meta?.notices?.[0]?.text ?? "", /comes back named "cpu \{host=a\}"/);
  });
});
