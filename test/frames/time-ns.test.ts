import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { fitsInt64Ns, normalizeTime, readNs, writeNs } from "../../src/frames/time-ns.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bigNs(ms: number, nanos: number): bigint {
  return BigInt(ms) * 1_000_000n + BigInt(nanos);
}

function roundTrip(ms: number, nanos: number) {
  const words = new Int32Array(2);
  const ok = writeNs(words, 0, ms, nanos);
  const outMs = new Float64Array(1);
  const outNanos = new Int32Array(1);
  if (ok) readNs(words, 0, outMs, outNanos, 0);
  return { ok, ns: new BigInt64Array(words.buffer)[0]!, ms: outMs[0]!, nanos: outNanos[0]! };
}

describe("exact int64 nanoseconds without BigInt", () => {
  it("matches BigInt arithmetic at the int64 limits", () => {
    assert.deepStrictEqual(roundTrip(9223372036854, 775807), {
      ok: true,
      ns: INT64_MAX,
      ms: 9223372036854,
      nanos: 775807,
    });
    assert.deepStrictEqual(roundTrip(-9223372036855, 224192), {
      ok: true,
      ns: INT64_MIN,
      ms: -9223372036855,
      nanos: 224192,
    });
    assert.equal(roundTrip(9223372036854, 775808).ok, false);
    assert.equal(roundTrip(-9223372036855, 224191).ok, false);
    assert.equal(fitsInt64Ns(9223372036854, 775807), true);
    assert.equal(fitsInt64Ns(9223372036855, 0), false);
    assert.equal(fitsInt64Ns(-9223372036855, 224191), false);
  });

  it("matches BigInt arithmetic for random times", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -9223372036854n, max: 9223372036853n }).map(Number),
        fc.integer({ min: 0, max: 999999 }),
        (ms, nanos) => {
          const result = roundTrip(ms, nanos);
          assert.equal(result.ns, bigNs(ms, nanos));
          assert.equal(result.ms, ms);
          assert.equal(result.nanos, nanos);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("splits fractional milliseconds into nanos", () => {
    assert.deepStrictEqual(normalizeTime(1.5, 0), [1, 500000]);
    assert.deepStrictEqual(normalizeTime(-0.25, 0), [-1, 750000]);
    assert.deepStrictEqual(normalizeTime(1.75, 500000), [2, 250000]);
  });
});
