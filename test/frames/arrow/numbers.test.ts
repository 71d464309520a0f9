import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameFromArrow, frameToArrow } from "../../../src/frames/arrow/frames.js";
import type { FieldType } from "../../../src/model/frame.js";
import { assertInvalid, field } from "../helpers.js";

// Per type: its extremes, values just outside them, and the wording of its error.
const ranges: [FieldType, number, number, string][] = [
  ["int8", -128, 127, "an int8"],
  ["int16", -32768, 32767, "an int16"],
  ["int32", -2147483648, 2147483647, "an int32"],
  ["uint8", 0, 255, "a uint8"],
  ["uint16", 0, 65535, "a uint16"],
  ["uint32", 0, 4294967295, "a uint32"],
  ["enum", 0, 65535, "an enum index"],
];

function roundTrip(type: FieldType, values: ArrayLike<unknown>, nullable = false): unknown[] {
  const frame = { fields: [field("n", type, values as never, { nullable })] };
  return Array.from(frameFromArrow(frameToArrow(frame)).fields[0]!.values);
}

describe("Arrow number columns", () => {
  it("keep each type's extremes, from plain arrays, other typed arrays and with nulls", () => {
    for (const [type, min, max] of ranges) {
      assert.deepStrictEqual(roundTrip(type, [min, max, 0]), [min, max, 0]);
      assert.deepStrictEqual(roundTrip(type, new Float64Array([min, max, 0])), [min, max, 0]);
      assert.deepStrictEqual(roundTrip(type, [null, max, null, min], true), [null, max, null, min]);
    }
  });

  it("reject values outside the type, naming field and row", () => {
    for (const [type, min, max, what] of ranges) {
      for (const bad of [min - 1, max + 1, 0.5, Number.NaN, "1", 1n]) {
        assertInvalid(
          () => frameToArrow({ fields: [field("n", type, [min, max, bad] as never)] }),
          new RegExp(`field 0 "n" row 2: .* is not ${what}`),
        );
      }
      assertInvalid(
        () => frameToArrow({ fields: [field("n", type, new Float64Array([min, max + 1]))] }),
        new RegExp(`row 1: ${max + 1} is not ${what}`),
      );
    }
  });

  it("write floats as the engine rounds them (float32) or as they are (NaN, ±Inf, -0)", () => {
    const values = [0.1, 1e40, -1e-50, Number.NaN, Infinity, -0, 16777217];
    assert.deepStrictEqual(roundTrip("float32", values), values.map(Math.fround));
    assert.deepStrictEqual(roundTrip("float64", values), values);
    assert.deepStrictEqual(roundTrip("float64", [null, -0], true), [null, -0]);
  });

  it("take 64-bit integers as bigint or safe-integer numbers, nothing else", () => {
    const big = [-(2n ** 63n), 2n ** 63n - 1n, 5, -0];
    assert.deepStrictEqual(roundTrip("int64", big), [-(2n ** 63n), 2n ** 63n - 1n, 5n, 0n]);
    // Safe-integer numbers around each 32-bit boundary, of both signs.
    const edges = [1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52 + 3, 2 ** 53 - 1];
    const numbers = [...edges, ...edges.map((n) => -n)];
    assert.deepStrictEqual(roundTrip("int64", numbers), numbers.map(BigInt));
    assert.deepStrictEqual(roundTrip("uint64", edges), edges.map(BigInt));
    assert.deepStrictEqual(roundTrip("uint64", [2n ** 64n - 1n, 0, null], true), [
      2n ** 64n - 1n,
      0n,
      null,
    ]);
    for (const [type, bad] of [
      ["int64", 2n ** 63n],
      ["int64", 2 ** 53],
      ["uint64", -1],
      ["uint64", 2n ** 64n],
    ] as const) {
      assertInvalid(
        () => frameToArrow({ fields: [field("n", type, [1n, bad] as never)] }),
        /field 0 "n" row 1: .* is not a/,
      );
    }
  });
});
