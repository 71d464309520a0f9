import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseJsonExact, withoutBigints } from "../../src/frames/json-parse.js";
import { assertInvalid } from "./helpers.js";

// A 16-digit run anywhere sends the text to the exact parser instead of JSON.parse.
const FORCE_EXACT = '"1234567890123456"';

describe("parseJsonExact", () => {
  it("reads what JSON.parse reads, on both of its paths", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, spaced) => {
        const text = JSON.stringify(value, null, spaced ? 2 : undefined);
        const expected = JSON.parse(text) as unknown;
        assert.deepStrictEqual(withoutBigints(parseJsonExact(text, "t")), expected);
        const forced = `[${FORCE_EXACT},${text}]`;
        assert.deepStrictEqual(withoutBigints(parseJsonExact(forced, "t")), JSON.parse(forced));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps integers beyond 2^53 exact as bigint, and leaves others as numbers", () => {
    assert.deepStrictEqual(
      parseJsonExact(
        "[9223372036854775807,-9223372036854775808,9007199254740991,1.5e300,12345678901234567.25]",
        "t",
      ),
      [9223372036854775807n, -9223372036854775808n, 9007199254740991, 1.5e300, 12345678901234568],
    );
  });

  it("keeps a __proto__ key as plain data", () => {
    const value = parseJsonExact(`{"__proto__":{"x":1},"pad":${FORCE_EXACT}}`, "t") as object;
    assert.deepStrictEqual(Object.keys(value), ["__proto__", "pad"]);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  it("rejects malformed text on both paths", () => {
    for (const text of ["", "{", "[1,]", '{"a" 1}', "01", "[1] 2", "nul", '"\u0001"', "[NaN]"]) {
      assertInvalid(() => parseJsonExact(text, "doc"), /doc is not valid JSON/);
      assertInvalid(
        () => parseJsonExact(`[${FORCE_EXACT},${text}]`, "doc"),
        /doc is not valid JSON/,
      );
    }
  });
});
