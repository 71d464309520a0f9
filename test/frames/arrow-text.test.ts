import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameFromArrow, frameToArrow } from "../../src/frames/arrow.js";
import { field } from "./helpers.js";

describe("Arrow string cells", () => {
  it("read back exactly when cells repeat, collide in the cache or stop repeating", () => {
    // Same length, first, middle and last character: one cache slot, different texts.
    const alike = ["abxyz", "acxwz", "abxyz", "adxqz", "acxwz", ""];
    const distinct = Array.from({ length: 2000 }, (_, i) => `host-${i}`);
    const values = [...alike, ...distinct, ...alike, ...distinct.slice(0, 50), ...alike];
    for (const nullable of [false, true]) {
      const cells = nullable ? values.map((v, i) => (i % 5 === 1 ? null : v)) : values;
      const frame = { fields: [field("s", "string", cells, { nullable })] };
      assert.deepStrictEqual(frameFromArrow(frameToArrow(frame)).fields[0]?.values, cells);
    }
  });

  it("keep a surrogate pair split across two cells as two U+FFFD", () => {
    const frame = { fields: [field("s", "string", ["a\ud83d", "\ude00b", "ok"])] };
    assert.deepStrictEqual(frameFromArrow(frameToArrow(frame)).fields[0]?.values, [
      "a\ufffd",
      "\ufffdb",
      "ok",
    ]);
  });
});
