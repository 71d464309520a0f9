import fc from "fast-check";
import { allFieldTypes } from "../../src/frames/field-types.js";
import type { Field, FieldType, Frame } from "../../src/model/frame.js";

/** JSON values as JSON.parse returns them (plain prototypes, no -0). */
const plainJson = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);
/** Integers whose digits a double would change: json cells keep them as bigint. */
const bigInteger = fc
  .bigInt({ min: -(2n ** 70n), max: 2n ** 70n })
  .filter((b) => String(Number(b)) !== b.toString());
const json = fc.oneof(
  { arbitrary: plainJson, weight: 4 },
  bigInteger,
  fc.array(fc.oneof(bigInteger, plainJson), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), bigInteger, { maxKeys: 2, noNullPrototype: true }),
);
const jsonObject = fc
  .dictionary(fc.string({ maxLength: 6 }), plainJson, { maxKeys: 3, noNullPrototype: true })
  .map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>);

const cells: Record<FieldType, fc.Arbitrary<unknown>> = {
  time: fc.oneof(
    fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((s) => s * 1000),
    fc.bigInt({ min: -9223372036854n, max: 9223372036853n }).map(Number),
  ),
  int8: fc.integer({ min: -128, max: 127 }),
  int16: fc.integer({ min: -32768, max: 32767 }),
  int32: fc.integer({ min: -2147483648, max: 2147483647 }),
  int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  uint8: fc.integer({ min: 0, max: 255 }),
  uint16: fc.integer({ min: 0, max: 65535 }),
  uint32: fc.integer({ min: 0, max: 4294967295 }),
  uint64: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  float32: fc.float(),
  float64: fc.double(),
  string: fc.string({ unit: "binary", maxLength: 8 }),
  bool: fc.boolean(),
  json,
  enum: fc.integer({ min: 0, max: 65535 }),
};

const typedArrays: Partial<Record<FieldType, (values: unknown[]) => ArrayLike<unknown>>> = {
  time: (v) => Float64Array.from(v as number[]),
  int8: (v) => Int8Array.from(v as number[]),
  int32: (v) => Int32Array.from(v as number[]),
  int64: (v) => BigInt64Array.from(v as bigint[]),
  uint16: (v) => Uint16Array.from(v as number[]),
  uint64: (v) => BigUint64Array.from(v as bigint[]),
  float32: (v) => Float32Array.from(v as number[]),
  float64: (v) => Float64Array.from(v as number[]),
};

function fieldArbitrary(rows: number): fc.Arbitrary<Field> {
  const header = fc.record(
    {
      name: fc.oneof(fc.constantFrom("", "time", "value"), fc.string({ maxLength: 6 })),
      type: fc.constantFrom(...allFieldTypes),
      nullable: fc.boolean(),
      labels: fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), {
        maxKeys: 3,
        noNullPrototype: true,
      }),
      config: jsonObject,
      typed: fc.boolean(),
    },
    { requiredKeys: ["name", "type", "nullable", "typed"] },
  );
  return header.chain(({ typed, ...head }) => {
    const cell = head.nullable ? fc.option(cells[head.type], { nil: null }) : cells[head.type];
    const nanos = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999999 })), {
      minLength: rows,
      maxLength: rows,
    });
    return fc
      .tuple(fc.array(cell, { minLength: rows, maxLength: rows }), nanos)
      .map(([values, ns]) => {
        const toTyped = typedArrays[head.type];
        const field = {
          ...head,
          values: typed && !head.nullable && toTyped ? toTyped(values) : values,
        } as Field;
        if (head.type !== "time") return field;
        const kept = ns.map((n, i) => (values[i] === null ? 0 : n));
        return kept.some((n) => n !== 0) ? { ...field, nanos: kept } : field;
      });
  });
}

/** Random frames: every field type, nulls, odd names, labels/config/meta, 0-12 rows. */
export const frameArbitrary: fc.Arbitrary<Frame> = fc.integer({ min: 0, max: 12 }).chain((rows) =>
  fc.record(
    {
      name: fc.string({ maxLength: 6 }),
      refId: fc.string({ maxLength: 3 }),
      meta: jsonObject,
      fields: fc.array(fieldArbitrary(rows), { maxLength: 6 }),
    },
    { requiredKeys: ["fields"] },
  ),
);
