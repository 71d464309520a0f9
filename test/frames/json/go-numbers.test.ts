import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  float32Text,
  float32TextByPrecision,
  integerColumnText,
  mostlyShort,
  numbersText,
} from "../../../src/frames/json/go-numbers.js";

/** What the writer must produce: String() of each finite number, as Go's jsoniter writes it. */
function reference(values: readonly (number | null)[]): string {
  const cells = values.map((v) => {
    if (v === null || !Number.isFinite(v)) return "null";
    return Object.is(v, -0) ? "-0" : String(v);
  });
  return `[${cells.join(",")}]`;
}

const decimals = fc
  .tuple(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 8 }))
  .map(([k, d]) => k / 10 ** d);
const cell = fc.oneof(
  decimals,
  fc.double(),
  fc.maxSafeInteger(),
  fc.constantFrom(null, -0, 0.1, 1e21, 1e-7, 2 ** 53, -(2 ** 53) + 1, 9223372036854, 0.000001),
);

describe("numbersText", () => {
  it("writes exactly what String() writes, for random and short numbers", () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (values) => {
        assert.equal(numbersText(values), reference(values));
      }),
      { numRuns: 3000 },
    );
  });

  it("knows when JSON.stringify is the faster writer", () => {
    assert.equal(mostlyShort([1.25, 1704067200000, -3, null]), true);
    assert.equal(mostlyShort(Array.from({ length: 40 }, (_, i) => Math.sqrt(i + 2))), false);
  });
});

describe("integerColumnText", () => {
  const int64 = fc.oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
    fc.constantFrom(
      0n,
      -1n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      2n ** 53n,
      -(2n ** 53n) - 1n,
      10n ** 18n,
    ),
  );
  const uint64 = fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.constantFrom(0n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 53n + 1n, 10n ** 19n, 999999n * 2n ** 32n),
  );
  const text = (cells: readonly unknown[]) =>
    `[${cells.map((cell) => (cell === null ? "null" : String(cell))).join(",")}]`;

  it("writes 64-bit cells digit for digit from typed arrays and from bigints", () => {
    fc.assert(
      fc.property(
        fc.array(int64, { maxLength: 30 }),
        fc.array(uint64, { maxLength: 30 }),
        (s, u) => {
          assert.equal(integerColumnText(BigInt64Array.from(s), true), text(s));
          assert.equal(integerColumnText(BigUint64Array.from(u), false), text(u));
          const withNulls = [...s, null, ...s.map(Number).filter(Number.isSafeInteger)];
          assert.equal(integerColumnText(withNulls, true), text(withNulls));
          assert.equal(integerColumnText([null, ...u], false), text([null, ...u]));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("writes safe integers as String() does", () => {
    const values = [0, -0, 7, -7, 99, 100, 12345678, 123456789, -(2 ** 53) + 1, 2 ** 53 - 1, null];
    assert.equal(integerColumnText(values, true), text(values));
    assert.equal(
      integerColumnText(Int32Array.of(-(2 ** 31), 2 ** 31 - 1), true),
      "[-2147483648,2147483647]",
    );
  });
});

describe("float32Text", () => {
  it("is the shortest text that reads back as the same float32", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        fc.pre(Number.isFinite(value));
        const text = float32Text(value);
        assert.equal(Math.fround(Number(text)), value);
        const digits = text
          .replace(/^-/, "")
          .replace(/e.*$/, "")
          .replace(".", "")
          .replace(/^0+/, "")
          .replace(/0+$/, "");
        if (digits.length > 1) {
          const shorter = Number(value.toPrecision(digits.length - 1));
          assert.notEqual(Math.fround(shorter), value, `${text} is not the shortest`);
        }
      }),
      { numRuns: 3000 },
    );
    assert.equal(float32Text(Math.fround(0.1)), "0.1");
    assert.equal(float32Text(3.4028234663852886e38), "3.4028235e+38");
  });

  it("is what printing each precision with toPrecision gives, near powers of ten and at random", () => {
    const bits = new Uint32Array(1);
    const float = new Float32Array(bits.buffer);
    const step = (from: number, ulps: number) => {
      float[0] = from;
      bits[0] = bits[0]! + ulps;
      return float[0]!;
    };
    const values: number[] = [];
    for (let e = -14; e <= 22; e++) {
      for (let ulps = -40; ulps <= 40; ulps++)
        values.push(step(10 ** e, ulps), -step(10 ** e, ulps));
      for (let m = 1; m < 200; m++) values.push(Math.fround(m * 10 ** e));
    }
    const random = fc.sample(fc.float({ noNaN: true, noDefaultInfinity: true }), 20000);
    for (const value of [...values, ...random]) {
      if (Number.isFinite(value) && value !== 0) {
        assert.equal(float32Text(value), float32TextByPrecision(value), `${value}`);
      }
    }
  });
});
