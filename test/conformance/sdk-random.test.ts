// Frames the Go SDK generates at random (every field type, nulls, NaN/±Inf, extreme
// integers, labels, config, meta) decode in the shim from Arrow and from JSON to the same
// frame, and survive a shim re-encode that the SDK reads back.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameFromArrow } from "../../src/frames/arrow/frames.js";
import { frameFromJSON } from "../../src/frames/json/frames.js";
import { canonFromModel } from "./canon-model.js";
import { diffFrames } from "./canonical.js";
import { checkShimAgainstSdk } from "./check-shim.js";
import { type JsonValue, stringifyLossless } from "./lossless-json.js";
import { oracle } from "./oracle.js";
import { canonFromSdkJson } from "./sdk-json.js";

const seeds = process.env.FRAMES_SEED ? [process.env.FRAMES_SEED] : ["1", "2", "3"];
const count = process.env.FRAMES_RUNS ?? "40";

interface RandomItem {
  readonly arrow: string;
  readonly json: JsonValue;
}

for (const seed of seeds) {
  describe(`SDK random frames, seed ${seed}`, () => {
    const items = oracle(["random", "-seed", seed, "-count", count]) as unknown as RandomItem[];

    it("cover every SDK field type, plain and nullable", () => {
      const types = new Set(
        items.flatMap((item) =>
          canonFromSdkJson(item.json).fields.map((f) => `${f.type}${f.nullable ? "?" : ""}`),
        ),
      );
      assert.equal(types.size, 30, [...types].sort().join(" "));
    });

    items.forEach((item, i) => {
      it(`frame ${i} decodes from Arrow and from JSON`, () => {
        const expected = canonFromSdkJson(item.json);
        const fromArrow = diffFrames(
          expected,
          canonFromModel(frameFromArrow(Buffer.from(item.arrow, "base64"))),
        );
        assert.deepEqual(fromArrow, [], `frameFromArrow:\n${fromArrow.join("\n")}`);
        const fromJson = diffFrames(
          expected,
          canonFromModel(frameFromJSON(stringifyLossless(item.json))),
        );
        assert.deepEqual(fromJson, [], `frameFromJSON:\n${fromJson.join("\n")}`);
      });
    });

    it("re-encoded by the shim, read the same in the SDK", () => {
      const frames = items.map((item) => frameFromArrow(Buffer.from(item.arrow, "base64")));
      const expected = items.map((item) => ({
        sdk: canonFromSdkJson(item.json),
        json: canonFromSdkJson(item.json),
      }));
      const problems = checkShimAgainstSdk(frames, expected).flatMap((list, i) =>
        list.map((p) => `frame ${i}: ${p}`),
      );
      assert.deepEqual(problems, [], problems.slice(0, 30).join("\n"));
    });
  });
}
