import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  narrowBigints,
  parseJsonExact,
  stringifyExact,
  withoutBigints,
} from "../../src/exact-json.js";
import { assertInvalid } from "../frames/helpers.js";

// A big integer literal sends the text through the marking path instead of plain JSON.parse.
const FORCE_MARKING = "12345678901234567890";

describe("parseJsonExact", () => {
  it("reads what JSON.parse reads, on both of its paths", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, spaced) => {
        const text = JSON.stringify(value, null, spaced ? 2 : undefined);
        assert.deepStrictEqual(withoutBigints(parseJsonExact(text, "t")), JSON.parse(text));
        const forced = `[${FORCE_MARKING},${text}]`;
        assert.deepStrictEqual(withoutBigints(parseJsonExact(forced, "t")), JSON.parse(forced));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps integers beyond 2^53 exact as bigint, and leaves others as numbers", () => {
    assert.deepStrictEqual(
      parseJsonExact(
        "[9223372036854775807,-9223372036854775808,9007199254740991,1000000000000000,1.5e300,12345678901234567.25,1e1234567890123456]",
        "t",
      ),
      [
        9223372036854775807n,
        -9223372036854775808n,
        9007199254740991,
        1e15,
        1.5e300,
        12345678901234568,
        Infinity,
      ],
    );
  });

  it("leaves digits inside strings alone, escaped quotes and look-alike markers included", () => {
    const text = `["${FORCE_MARKING}", "a\\" ${FORCE_MARKING}", "\\\\", "\\u0001abc:${FORCE_MARKING}", ${FORCE_MARKING}]`;
    assert.deepStrictEqual(parseJsonExact(text, "t"), [
      FORCE_MARKING,
      `a" ${FORCE_MARKING}`,
      "\\",
      `\u0001abc:${FORCE_MARKING}`,
      BigInt(FORCE_MARKING),
    ]);
  });

  it("keeps a __proto__ key as plain data", () => {
    const value = parseJsonExact(`{"__proto__":{"x":1},"pad":${FORCE_MARKING}}`, "t") as object;
    assert.deepStrictEqual(Object.keys(value), ["__proto__", "pad"]);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  it("rejects malformed text on both paths", () => {
    const bad = [
      "",
      "{",
      "[1,]",
      '{"a" 1}',
      "01",
      "[1] 2",
      "nul",
      '"\u0001"',
      "[NaN]",
      `[0${FORCE_MARKING}]`,
      `"${FORCE_MARKING}`,
    ];
    for (const text of bad) {
      assertInvalid(() => parseJsonExact(text, "doc"), /doc is not valid JSON/);
      assertInvalid(
        () => parseJsonExact(`[${FORCE_MARKING},${text}]`, "doc"),
        /doc is not valid JSON/,
      );
    }
  });
});

// 12345678901234567890 as a double is 12345678901234567168: a bigint keeps the digits.
const big = 12345678901234567890n;

describe("stringifyExact", () => {
  it("writes bigints as integer literals, anywhere in a value", () => {
    assert.equal(
      stringifyExact({ a: [big, -(2n ** 70n)], b: 1.5, c: "x" }),
      '{"a":[12345678901234567890,-1180591620717411303424],"b":1.5,"c":"x"}',
    );
  });

  it("is JSON.stringify for values without bigints (undefined stays undefined)", () => {
    for (const value of [{ a: undefined, b: [Number.NaN, undefined] }, "s", null, [1e21]]) {
      assert.equal(stringifyExact(value), JSON.stringify(value));
    }
    assert.equal(stringifyExact(undefined), undefined);
  });

  it("leaves strings that look like its markers alone", () => {
    const value = [big, "\u0001deadbeefdeadbeef:5", "\\u0001x:7"];
    assert.deepStrictEqual(JSON.parse(stringifyExact(value) ?? ""), [
      Number(big),
      "\u0001deadbeefdeadbeef:5",
      "\\u0001x:7",
    ]);
  });

  it("applies a replacer, to bigints too, before writing what is left as literals", () => {
    const replacer = (key: string, value: unknown) =>
      key === "asText" && typeof value === "bigint" ? value.toString() : value;
    assert.equal(
      stringifyExact({ asText: big, kept: [big], plain: 1 }, replacer),
      '{"asText":"12345678901234567890","kept":[12345678901234567890],"plain":1}',
    );
  });

  it("still throws on circular values", () => {
    const loop: Record<string, unknown> = { n: 1n };
    loop.self = loop;
    assert.throws(() => stringifyExact(loop), /circular/);
  });
});

describe("narrowBigints", () => {
  it("keeps only the bigints a double would change", () => {
    assert.deepStrictEqual(
      narrowBigints({ a: [2n ** 53n, 9007199254740993n], b: 12345678901234567000n }),
      {
        a: [2 ** 53, 9007199254740993n],
        b: 12345678901234567000,
      },
    );
  });
});
