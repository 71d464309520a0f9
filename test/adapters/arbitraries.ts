/** fast-check arbitraries of legacy series and tables, edge cases included. */
import fc from "fast-check";
import type { Cell, Point, Series, Table } from "../../src/model/legacy.js";

/** Property runs; ADAPTER_RUNS=20000 for a deep search. */
export function runs(normal: number): number {
  return Number(process.env.ADAPTER_RUNS ?? normal);
}

export const name = fc.oneof(
  fc.constantFrom("", "value", "time", "Time", "date", "cpu", "__proto__", "a b", "😀", "\uff5e"),
  fc.string({ unit: "binary", maxLength: 8 }),
);

const tagValue = fc.oneof(
  fc.constantFrom("", "a", "b"),
  fc.string({ unit: "binary", maxLength: 4 }),
);

export const tags = fc.dictionary(name, tagValue, { maxKeys: 3, noNullPrototype: true });

export const seriesValue = fc.oneof(
  fc.constant(null),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1.5),
  fc.double(),
);

/** The widest epoch milliseconds frames hold (int64 nanoseconds). */
export const frameTimeLimitMs = 9223372036854;

// Few distinct times, so duplicates and unsorted points are common; some far from zero.
export const timeMs = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((k) => k * 1000),
  fc.integer({ min: -frameTimeLimitMs, max: frameTimeLimitMs }),
  fc.constantFrom(frameTimeLimitMs, -frameTimeLimitMs, -0),
);

const point: fc.Arbitrary<Point> = fc.tuple(seriesValue, timeMs);

export const points = fc.oneof(
  fc.array(point, { maxLength: 8 }),
  fc.array(point, { maxLength: 8 }).map((list) => [...list].sort((a, b) => a[1] - b[1])),
);

export const series: fc.Arbitrary<Series> = fc.oneof(
  fc.record({ name, points }, { noNullPrototype: true }),
  fc.record({ name, tags, points }, { noNullPrototype: true }),
);

/** Series lists; half of them sorted throughout, so the typed multi layout is used. */
export const seriesList = fc.array(series, { maxLength: 4 });

const cellOf: Record<string, fc.Arbitrary<Cell>> = {
  double: fc.oneof(fc.double(), fc.constantFrom(Number.NaN, -0, 1, 1000)),
  int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  bool: fc.boolean(),
  string: fc.oneof(
    fc.constantFrom("", "5", "true", "null", "AQI="),
    fc.string({ unit: "binary", maxLength: 6 }),
  ),
  bytes: fc.uint8Array({ maxLength: 4 }),
  // Beyond the frame time range a "time" column stays float64.
  time: fc.oneof(
    fc.integer({ min: -frameTimeLimitMs, max: frameTimeLimitMs }),
    fc.constantFrom(1e16, -1e16),
  ),
};
const kinds = Object.keys(cellOf);

const anyCell = fc.oneof(fc.constant(null), ...Object.values(cellOf));

/** A column's cells: one kind (maybe with nulls), or any mix. */
function columnCells(rows: number): fc.Arbitrary<Cell[]> {
  const uniform = fc.constantFrom(...kinds).chain((kind) =>
    fc.array(fc.oneof({ weight: 4, arbitrary: cellOf[kind]! }, fc.constant(null)), {
      minLength: rows,
      maxLength: rows,
    }),
  );
  const sortedTimes = fc
    .array(cellOf.time!, { minLength: rows, maxLength: rows })
    .map((cells) => [...(cells as number[])].sort((a, b) => a - b));
  const mixed = fc.array(anyCell, { minLength: rows, maxLength: rows });
  return fc.oneof(uniform, sortedTimes, mixed);
}

export const table: fc.Arbitrary<Table> = fc
  .record({ width: fc.integer({ min: 0, max: 4 }), rows: fc.integer({ min: 0, max: 5 }) })
  // A frame without fields has no rows: tables without columns are tested on their own.
  .filter(({ width, rows }) => width > 0 || rows === 0)
  .chain(({ width, rows }) =>
    fc
      .record({
        names: fc.array(name, { minLength: width, maxLength: width }),
        columns: fc.array(columnCells(rows), { minLength: width, maxLength: width }),
      })
      .map(({ names, columns }) => ({
        columns: names.map((text) => ({ text })),
        rows: Array.from({ length: rows }, (_, r) => columns.map((cells) => cells[r]!)),
      })),
  );

export const tables = fc.array(table, { maxLength: 3 });
