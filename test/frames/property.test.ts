import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { frameFromArrow, frameToArrow } from "../../src/frames/arrow/frames.js";
import { frameFromJSON, frameToJSON } from "../../src/frames/json/frames.js";
import { frameArbitrary } from "./frame-arbitrary.js";
import { assertSameFrame } from "./helpers.js";

const runs = { numRuns: 400 };

describe("random frames", () => {
  it("survive an Arrow round trip", () => {
    fc.assert(
      fc.property(frameArbitrary, (frame) => {
        assertSameFrame(frameFromArrow(frameToArrow(frame)), frame);
      }),
      runs,
    );
  });

  it("survive a JSON round trip", () => {
    fc.assert(
      fc.property(frameArbitrary, (frame) => {
        assertSameFrame(frameFromJSON(frameToJSON(frame)), frame);
      }),
      runs,
    );
  });

  it("give the same frame and the same JSON text through Arrow and through JSON", () => {
    fc.assert(
      fc.property(frameArbitrary, (frame) => {
        const viaArrow = frameFromArrow(frameToArrow(frame));
        const viaJson = frameFromJSON(frameToJSON(frame));
        assertSameFrame(viaArrow, viaJson);
        assert.equal(frameToJSON(viaArrow), frameToJSON(frame));
        assertSameFrame(frameFromArrow(frameToArrow(viaJson)), frame);
      }),
      runs,
    );
  });
});
