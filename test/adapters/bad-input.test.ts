import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  framesToLegacy,
  legacyResultToFrames,
  seriesToFrames,
  tablesToFrames,
} from "../../src/adapters/index.js";
import { ErrorCode, ShimError } from "../../src/errors.js";

function rejects(run: () => unknown, message: string): void {
  assert.throws(run, (thrown: unknown) => {
    assert.ok(thrown instanceof ShimError, String(thrown));
    assert.equal(thrown.code, ErrorCode.InvalidArgument);
    assert.equal(thrown.message, message);
    return true;
  });
}

const anything = (value: unknown) => value as never;

describe("bad legacy input is a ShimError(invalid_argument) naming the position", () => {
  it("series", () => {
    const ok = { name: "a", points: [[1, 1000]] };
    rejects(() => seriesToFrames(anything({})), "series: must be an array of series, not {}");
    rejects(
      () => seriesToFrames(anything([ok, "x"])),
      'series[1]: must be a series object {name, points, tags?}, not "x"',
    );
    rejects(
      () => seriesToFrames(anything([{ points: [] }])),
      "series[0].name: must be a string, not undefined",
    );
    rejects(
      () => seriesToFrames(anything([{ name: "a", tags: { h: 1 }, points: [] }])),
      'series[0].tags["h"]: must be a string, not 1',
    );
    rejects(
      () => seriesToFrames(anything([{ name: "a" }])),
      "series[0].points: must be an array of [value, timeMs] pairs, not undefined",
    );
    rejects(
      () =>
        seriesToFrames(
          anything([ok, ok, { name: "c", points: [[1, 1], [1, 2], [1, 3], [1, 4], [1, 5], [1]] }]),
        ),
      "series[2].points[5]: must be a [value, timeMs] pair, not [1]",
    );
    rejects(
      () => seriesToFrames(anything([{ name: "a", points: [[1, 2, 3]] }])),
      "series[0].points[0]: must be a [value, timeMs] pair, not [1,2,3]",
    );
    rejects(
      () => seriesToFrames(anything([{ name: "a", points: [["1", 2]] }])),
      'series[0].points[0]: value "1" is not a number or null',
    );
    rejects(
      () => seriesToFrames(anything([{ name: "a", points: [[1n, 2]] }])),
      "series[0].points[0]: value 1n is not a number or null",
    );
    rejects(
      () => seriesToFrames(anything([{ name: "a", points: [[1, 1.5]] }])),
      "series[0].points[0]: time 1.5 is not an integer number of milliseconds",
    );
    rejects(
      () => seriesToFrames(anything([{ name: "a", points: [[1, null]] }])),
      "series[0].points[0]: time null is not an integer number of milliseconds",
    );
    // A hole in a sparse array is no pair either.
    rejects(
      // biome-ignore lint/suspicious/noSparseArray: the hole is the point of this case
      () => seriesToFrames(anything([{ name: "a", points: [, [1, 2]] }])),
      "series[0].points[0]: must be a [value, timeMs] pair, not undefined",
    );
    rejects(
      () => seriesToFrames(anything([ok]), anything({ layout: "tall" })),
      'layout: "tall" is not one of multi, untyped, wide, long',
    );
  });

  it("a time that frames cannot hold (beyond ±2^63 ns)", () => {
    rejects(
      () =>
        seriesToFrames([
          {
            name: "a",
            points: [
              [1, 9223372036854],
              [2, 9223372036855],
            ],
          },
        ]),
      "series[0].points[1]: time 9223372036855 ms is beyond what frames hold (int64 nanoseconds: ±9223372036854 ms, years 1677 to 2262)",
    );
    // A table keeps such a "time" column as float64 instead.
    const frame = tablesToFrames([{ columns: [{ text: "time" }], rows: [[9223372036855]] }])[0];
    assert.equal(frame?.fields[0]?.type, "float64");
  });

  it("tables", () => {
    const columns = [{ text: "a" }, { text: "b" }];
    rejects(
      () => tablesToFrames(anything([{ columns, rows: [[1, 2], [1]] }])),
      "tables[0].rows[1]: has 1 cells but the table has 2 columns",
    );
    rejects(
      () => tablesToFrames(anything([{ columns, rows: [[1, 2, 3]] }])),
      "tables[0].rows[0]: has 3 cells but the table has 2 columns",
    );
    rejects(
      () => tablesToFrames(anything([{ columns, rows: [[1, {}]] }])),
      "tables[0].rows[0][1]: {} is not a table cell (number, bigint, boolean, string, Uint8Array or null)",
    );
    rejects(
      () => tablesToFrames(anything([{ columns, rows: [[1, 2n ** 64n]] }])),
      "tables[0].rows[0][1]: 18446744073709551616 does not fit int64",
    );
    rejects(
      () => tablesToFrames(anything([{ columns, rows: [[1, undefined]] }])),
      "tables[0].rows[0][1]: undefined is not a table cell (number, bigint, boolean, string, Uint8Array or null)",
    );
    rejects(
      () => tablesToFrames(anything([{ columns: [{ name: "a" }], rows: [] }])),
      'tables[0].columns[0]: must be an object with a string text, not {"name":"a"}',
    );
    rejects(
      () => tablesToFrames(anything([{ columns }])),
      "tables[0].rows: must be an array of rows, not undefined",
    );
  });

  it("a result names its path", () => {
    const result = anything({
      refId: "A",
      series: [
        {
          name: "a",
          points: [
            [1, 1],
            [2, 2],
            [3, 3],
            ["x", 4],
          ],
        },
      ],
    });
    rejects(
      () => legacyResultToFrames(result, { path: "results.A" }),
      'results.A.series[0].points[3]: value "x" is not a number or null',
    );
  });
});

describe("bad frames are a ShimError(invalid_argument) naming the position", () => {
  it("shapes and cells", () => {
    rejects(
      () => framesToLegacy(anything([{}])),
      "frames[0]: must be a frame object with a fields array, not {}",
    );
    rejects(
      () => framesToLegacy(anything([{ fields: [{ name: "a", type: "decimal", values: [] }] }])),
      'frames[0].fields[0].type: "decimal" is not a frame field type',
    );
    rejects(
      () =>
        framesToLegacy(
          anything([
            {
              fields: [
                { name: "a", type: "time", values: [1] },
                { name: "b", type: "float64", values: [1, 2] },
              ],
            },
          ]),
        ),
      "frames[0].fields[1]: has 2 values but the frame's other fields have 1",
    );
    rejects(
      () =>
        framesToLegacy(
          anything([
            {
              fields: [
                { name: "t", type: "time", values: [1] },
                { name: "v", type: "float64", values: ["x"] },
              ],
            },
          ]),
        ),
      'frames[0].fields[1] "v".values[0]: "x" is not a number',
    );
    rejects(
      () => framesToLegacy(anything([{ fields: [{ name: "s", type: "string", values: [1] }] }])),
      'frames[0].fields[0] "s".values[0]: 1 is not a string',
    );
    rejects(
      () => framesToLegacy(anything([{ meta: { notices: [{}] }, fields: [] }])),
      "frames[0].meta.notices[0]: must be a notice {severity, text}, not {}",
    );
  });
});
