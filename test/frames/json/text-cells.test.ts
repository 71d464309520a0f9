import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nearestDecimal } from "../../../src/frames/json/text-cells.js";

/** nearestDecimal of an unsigned decimal literal, as the scanner calls it; NaN when it does not settle it. */
function nearest(literal: string): number {
  const point = literal.indexOf(".");
  const decimals = point < 0 ? 0 : literal.length - point - 1;
  // The scan's sum of the digits, rounded at each step as it rounds them.
  let sum = 0;
  for (const digit of literal.replace(".", "")) sum = sum * 10 + Number(digit);
  const cell = new Float64Array(1);
  return nearestDecimal(literal, 0, literal.length, decimals, sum, cell, 0) ? cell[0]! : Number.NaN;
}

/** A deterministic PRNG (LCG), so a failure can be replayed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Checks each literal against Number(): a value must be Number()'s, NaN hands the literal
 * over. Returns how many were settled without Number().
 */
function settled(literals: Iterable<string>): { settled: number; total: number } {
  let count = 0;
  let total = 0;
  for (const literal of literals) {
    const value = nearest(literal);
    total += 1;
    if (Number.isNaN(value)) continue;
    count += 1;
    assert.ok(Object.is(value, Number(literal)), `${literal}: ${value} vs ${Number(literal)}`);
  }
  return { settled: count, total };
}

describe("nearestDecimal", () => {
  it("rounds random doubles' shortest forms as Number() does, and settles nearly all", () => {
    const next = lcg(20261207);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    function* doubles(): Generator<string> {
      for (let i = 0; i < 200_000; i++) {
        words[0] = Math.floor(next() * 2 ** 32);
        words[1] = Math.floor(next() * 2 ** 32);
        const text = String(Math.abs(bits[0]!));
        if (!text.includes("e") && text !== "NaN" && text !== "Infinity") yield text;
      }
      // Values a metric column holds: 16-17 significant digits around 1.
      for (let i = 0; i < 200_000; i++) {
        const text = String(Math.abs((next() - 0.5) * 10 ** (next() * 8)));
        if (!text.includes("e")) yield text;
      }
    }
    const { settled: count, total } = settled(doubles());
    assert.ok(total > 200_000, `${total} literals`);
    assert.ok(count > total * 0.99, `settled ${count} of ${total}`);
  });

  it("rounds random 16-18 digit decimals, the point anywhere, as Number() does", () => {
    const next = lcg(7);
    function* decimals(): Generator<string> {
      for (let i = 0; i < 300_000; i++) {
        const length = 16 + Math.floor(next() * 3);
        let digits = String(1 + Math.floor(next() * 9));
        while (digits.length < length) digits += Math.floor(next() * 10);
        const point = Math.floor(next() * (length + 1));
        yield point === length ? digits : `${digits.slice(0, point) || "0"}.${digits.slice(point)}`;
      }
    }
    const { settled: count, total } = settled(decimals());
    assert.ok(count > total * 0.99, `settled ${count} of ${total}`);
  });

  it("leaves halfway cases and what it does not read to Number(), or gets them right", () => {
    const ties: string[] = [];
    for (const exponent of [52n, 53n, 54n, 57n]) {
      for (const offset of [0n, 1n, 12345n, 999999n]) {
        const base = (1n << exponent) + offset;
        // base + 1/2 is halfway between doubles below 2^53, base·2 + 1 above it.
        ties.push(`${base}.5`, `${base}.25`, `${base}.75`, String(base * 2n + 1n));
        ties.push(`${base}.4999`, `${base}.5001`, String(base * 4n + 2n), String(base));
      }
    }
    settled(ties);
    // Digits from 10^18 on, more than 22 decimals: not read here.
    for (const literal of ["1234567890123456789", "0.12345678901234567890123"]) {
      assert.ok(Number.isNaN(nearest(literal)), literal);
    }
    // Leading zeros count for nothing; trailing ones do.
    for (const literal of [
      "0.000012345678901234567",
      "123456789012345678",
      "12345678901234566.0",
    ]) {
      assert.equal(nearest(literal), Number(literal), literal);
    }
    // Above 2^53 doubles are even: an odd integer is a tie.
    assert.ok(Number.isNaN(nearest("12345678901234567.0")));
  });
});
