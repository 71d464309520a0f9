import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameFromArrow, frameToArrow } from "../../src/frames/arrow.js";
import { frameFromJSON, frameToJSON } from "../../src/frames/json.js";
import { narrowBigints, stringifyExact } from "../../src/frames/json-exact.js";
import type { Frame } from "../../src/model/frame.js";
import { assertInvalid, field } from "./helpers.js";

// 12345678901234567890 as a double is 12345678901234567168: a bigint cell keeps the digits.
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

/** A json field whose cells hold integers that only a bigint keeps exact. */
function bigJsonFrame(): Frame {
  return {
    fields: [
      field("j", "json", [
        big,
        { id: big, list: [-(2n ** 63n), 2n ** 64n - 1n], n: 2 ** 53 },
        [9007199254740993n, 1.5, "12345678901234567890"],
        12345678901234567000,
      ]),
    ],
  };
}

describe("json cells keep integers beyond 2^53 digit for digit", () => {
  it("through frame JSON (the text carries the digits; doubles stay numbers)", () => {
    const text = frameToJSON(bigJsonFrame());
    assert.match(
      text,
      /\[12345678901234567890,\{"id":12345678901234567890,"list":\[-9223372036854775808,18446744073709551615\],"n":9007199254740992\}/,
    );
    assert.deepStrictEqual(frameFromJSON(text).fields[0]?.values, bigJsonFrame().fields[0]?.values);
  });

  it("through Arrow (each cell's text carries the digits)", () => {
    const decoded = frameFromArrow(frameToArrow(bigJsonFrame()));
    assert.deepStrictEqual(
      Array.from(decoded.fields[0]?.values ?? []),
      bigJsonFrame().fields[0]?.values,
    );
  });

  it("an Arrow json cell that is not JSON names field and row", () => {
    const bytes = frameToArrow({ fields: [field("j", "json", ["ab", 1])] });
    const text = Buffer.from(bytes);
    // "ab" is written as the four bytes "ab" in quotes; break the quote so the cell is not JSON.
    const at = text.indexOf('"ab"');
    assert.ok(at > 0);
    text[at] = 0x7b; // {
    assertInvalid(
      () => frameFromArrow(new Uint8Array(text)),
      /field 0 "j" row 0 is not valid JSON/,
    );
  });
});
