/**
 * Legacy series and tables through the shim and through Grafana's own frontend conversions
 * (@grafana/data 7.5.17 and current: toDataFrame, toLegacyResponseData, getFieldDisplayName)
 * give the same data on screen: times, values, display names, labels, columns and cells.
 * The shim's frames are read as each frontend read them (Arrow in 7, frame JSON in 8+).
 * Where the rules legitimately differ, frontend-differences.ts says how and why.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  framesToLegacy,
  seriesToFrames,
  tablesToFrames,
  tableToFrame,
} from "../../src/adapters/index.js";
import type { Series, Table } from "../../src/model/legacy.js";
import { seriesList as anySeriesList, runs, table } from "../adapters/arbitraries.js";
import {
  assertSameLegacy,
  assertSameSeries,
  assertSameTable,
  type LegacyConverter,
  type SeriesConverter,
  shimSeries,
  type TableConverter,
} from "./frontend-compare.js";
import { frontends } from "./grafana-frontend.js";
import { seriesCases, tableCases } from "./legacy-corpus.js";

const layouts = ["untyped", "multi"] as const;

// Grafana's getSingleLabelName looks labels up through the prototype: beside a "__proto__"
// tag, a series without it shows "[object Object]". A frontend quirk, not a conversion rule.
const seriesList = anySeriesList.filter((list) =>
  list.every((s) => !Object.hasOwn(s.tags ?? {}, "__proto__")),
);
const seed = Number(process.env.FRAMES_SEED ?? 20250101);

for (const g of frontends) {
  describe(`@grafana/data ${g.version}: legacy → frames`, () => {
    for (const [name, series] of Object.entries(seriesCases)) {
      for (const layout of layouts) {
        it(`series: ${name} (${layout})`, () => assertSameSeries(g, series, layout));
      }
    }
    for (const [name, t] of Object.entries(tableCases)) {
      it(`table: ${name}`, () => assertSameTable(g, t));
    }
    it("random series lists and tables", () => {
      const options = { seed, numRuns: runs(100) };
      fc.assert(
        fc.property(seriesList, (s) => {
          for (const layout of layouts) assertSameSeries(g, s, layout);
        }),
        options,
      );
      fc.assert(
        fc.property(table, (t) => assertSameTable(g, t)),
        options,
      );
    });
  });

  describe(`@grafana/data ${g.version}: frames → legacy (toLegacyResponseData)`, () => {
    for (const [name, series] of Object.entries(seriesCases)) {
      for (const layout of layouts) {
        it(`series: ${name} (${layout})`, () =>
          assertSameLegacy(g, seriesToFrames(series, { layout })));
      }
    }
    it("the corpus tables", () => assertSameLegacy(g, tablesToFrames(Object.values(tableCases))));
    it("random series lists and tables", () => {
      fc.assert(
        fc.property(seriesList, table, (s, t) => {
          for (const layout of layouts) assertSameLegacy(g, seriesToFrames(s, { layout }));
          assertSameLegacy(g, [tableToFrame(t)]);
        }),
        { seed, numRuns: runs(100) },
      );
    });
  });

  describe(`@grafana/data ${g.version}: the comparison catches wrong conversions`, () => {
    const swapped: SeriesConverter = (series, layout) =>
      shimSeries(
        series.map((s) => ({ ...s, points: s.points.map(([v, t]) => [t, v ?? 0] as const) })),
        layout,
      );
    const reversed: SeriesConverter = (series, layout) =>
      shimSeries(
        series.map((s) => ({ ...s, points: [...s.points].reverse() })),
        layout,
      );
    const untagged: SeriesConverter = (series, layout) =>
      shimSeries(
        series.map(({ tags: _, ...s }) => s),
        layout,
      );
    const renamed: SeriesConverter = (series, layout) =>
      shimSeries(
        series.map((s) => ({ ...s, name: `${s.name}!` })),
        layout,
      );
    const wrong: Readonly<Record<string, SeriesConverter>> = {
      swapped,
      reversed,
      untagged,
      renamed,
    };
    const sample: readonly Series[] = [
      {
        name: "cpu",
        tags: { host: "a" },
        points: [
          [1, 1000],
          [2, 2000],
        ],
      },
      {
        name: "mem",
        points: [
          [3, 1000],
          [null, 3000],
        ],
      },
    ];
    for (const [name, convert] of Object.entries(wrong)) {
      for (const layout of layouts) {
        it(`series ${name} (${layout})`, () =>
          assert.throws(() => assertSameSeries(g, sample, layout, convert), assert.AssertionError));
      }
    }
    const legacyWrong: Readonly<Record<string, LegacyConverter>> = {
      "points reversed": (frames) => {
        const legacy = framesToLegacy(frames);
        return {
          ...legacy,
          series: legacy.series.map((s) => ({ ...s, points: [...s.points].reverse() })),
        };
      },
      "tags dropped": (frames) => {
        const legacy = framesToLegacy(frames);
        return { ...legacy, series: legacy.series.map(({ tags: _, ...s }) => s) };
      },
    };
    for (const [name, convert] of Object.entries(legacyWrong)) {
      it(`frames → legacy with ${name}`, () =>
        assert.throws(
          () => assertSameLegacy(g, shimSeries(sample, "untyped"), convert),
          assert.AssertionError,
        ));
    }
    const t: Table = {
      columns: [{ text: "a" }, { text: "b" }],
      rows: [
        [1, "x"],
        [2, "y"],
      ],
    };
    const tableWrong: Readonly<Record<string, TableConverter>> = {
      "rows shifted": (x) => tableToFrame({ ...x, rows: [...x.rows.slice(1), x.rows[0]!] }),
      "column renamed": (x) => tableToFrame({ ...x, columns: [{ text: "a" }, { text: "c" }] }),
      "int64 cells as strings": (x) =>
        tableToFrame({ ...x, rows: x.rows.map(([a, b]) => [String(a), b ?? null]) }),
    };
    for (const [name, convert] of Object.entries(tableWrong)) {
      it(`table ${name}`, () =>
        assert.throws(() => assertSameTable(g, t, convert), assert.AssertionError));
    }
  });
}
