/**
 * fast-check arbitraries for shim frames (src/model/frame.ts) that the Go SDK can hold
 * exactly: config and meta use only keys the SDK's typed structs keep.
 */
import fc from "fast-check";
import type { Field, FieldType, Frame, FrameMeta } from "../../src/model/frame.js";

const text = fc.string({ unit: "binary", maxLength: 10 });
const nonEmpty = fc.string({ unit: "binary", minLength: 1, maxLength: 10 });
const key = text.filter((k) => k !== "__proto__");
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
const uint = (bits: 32 | 64) => fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n });
const msRange = 9_223_372_036_853; // total nanoseconds must fit an int64
const bigInteger = fc
  .bigInt({ min: -(2n ** 80n), max: 2n ** 80n })
  .filter((b) => String(Number(b)) !== b.toString());

/** One non-null cell per field type (table, not switch). */
const cellArbs: { readonly [T in FieldType]: fc.Arbitrary<unknown> } = {
  time: fc.integer({ min: -msRange, max: msRange }),
  int8: fc.integer({ min: -128, max: 127 }),
  int16: fc.integer({ min: -32768, max: 32767 }),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  uint8: fc.integer({ min: 0, max: 255 }),
  uint16: fc.integer({ min: 0, max: 65535 }),
  uint32: uint(32).map(Number),
  uint64: uint(64),
  float32: fc.float(),
  float64: fc.double(),
  string: text,
  bool: fc.boolean(),
  json: fc.oneof(
    { arbitrary: fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null), weight: 3 },
    // Integers a double cannot hold: Go keeps the raw text, the shim a bigint.
    fc.array(bigInteger, { minLength: 1, maxLength: 3 }),
  ),
  enum: fc.integer({ min: 0, max: 65535 }),
};
export const fieldTypes = Object.keys(cellArbs) as FieldType[];

const configArb = fc.record(
  {
    displayName: nonEmpty,
    description: nonEmpty,
    unit: nonEmpty,
    decimals: fc.integer({ min: 0, max: 10 }),
    min: finite,
    max: finite,
    interval: fc.double({ min: 1, max: 1e9, noNaN: true }),
    filterable: fc.boolean(),
    noValue: nonEmpty,
    custom: fc.dictionary(key, fc.oneof(text, fc.boolean(), fc.integer()), { minKeys: 1 }),
  },
  { requiredKeys: [] },
);

const metaArb: fc.Arbitrary<FrameMeta> = fc.record(
  {
    type: fc.constantFrom(
      "timeseries-multi",
      "timeseries-wide",
      "timeseries-long",
      "numeric-long",
      "table",
    ),
    typeVersion: fc.tuple(fc.nat(3), fc.nat(3)),
    path: nonEmpty,
    pathSeparator: nonEmpty,
    custom: fc.dictionary(key, fc.jsonValue({ maxDepth: 1 })),
    stats: fc.array(fc.record({ displayName: nonEmpty, value: finite }), {
      minLength: 1,
      maxLength: 2,
    }),
    notices: fc.array(
      fc.record(
        {
          severity: fc.constantFrom("info", "warning", "error"),
          text,
          link: nonEmpty, // inspect: its own test in shim-to-sdk.test.ts (the SDK holds it as a number)
        },
        { requiredKeys: ["severity", "text"] },
      ),
      { minLength: 1, maxLength: 2 },
    ),
    channel: nonEmpty,
    preferredVisualisationType: fc.constantFrom("graph", "table", "logs", "trace", "nodeGraph"),
    executedQueryString: nonEmpty,
  },
  { requiredKeys: [] },
);

function fieldArb(rows: number): fc.Arbitrary<Field> {
  return fc
    .record({ type: fc.constantFrom(...fieldTypes), nullable: fc.boolean() })
    .chain(({ type, nullable }) => {
      const cell = nullable ? fc.option(cellArbs[type], { nil: null, freq: 4 }) : cellArbs[type];
      const nanos = fc.array(fc.integer({ min: 0, max: 999_999 }), {
        minLength: rows,
        maxLength: rows,
      });
      const field = fc.record(
        {
          name: text,
          type: fc.constant(type),
          nullable: fc.constant(nullable),
          labels: fc.dictionary(key, text, { maxKeys: 3 }),
          config: configArb,
          values: fc.array(cell, { minLength: rows, maxLength: rows }),
        },
        { requiredKeys: ["name", "type", "nullable", "values"] },
      ) as fc.Arbitrary<Field>;
      if (type !== "time") return field;
      return fc
        .tuple(field, fc.option(nanos, { nil: undefined }))
        .map(([f, n]) => (n === undefined ? f : { ...f, nanos: n }));
    });
}

export const frameArb: fc.Arbitrary<Frame> = fc.integer({ min: 0, max: 12 }).chain((rows) =>
  fc.record(
    {
      name: text,
      refId: text,
      meta: metaArb,
      fields: fc.array(fieldArb(rows), { maxLength: 6 }),
    },
    { requiredKeys: ["fields"] },
  ),
);
