import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameFromArrow, frameToArrow } from "../../src/frames/arrow/frames.js";
import { frameFromJSON, frameToJSON } from "../../src/frames/json/frames.js";
import type { Frame } from "../../src/model/frame.js";
import { assertInvalid, field } from "./helpers.js";

// 12345678901234567890 as a double is 12345678901234567168: a bigint cell keeps the digits.
const big = 12345678901234567890n;

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
