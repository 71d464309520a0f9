// Frames the shim encodes (Arrow and JSON) read the same in the real Go SDK, and the SDK's
// MarshalJSON of them equals the shim's own frameToJSON: for every golden frame and for
// fast-check-generated frames.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { frameFromArrow } from "../../src/frames/arrow.js";
import { frameArb } from "./arbitraries.js";
import { checkShimAgainstSdk } from "./check-shim.js";
import { goldenExpectations, wholeMilliseconds } from "./golden-expect.js";
import { loadGoldens } from "./goldens.js";
import { canonFromSdkJson } from "./sdk-json.js";

const goldens = loadGoldens();
const expectations = goldenExpectations(goldens);
const seed = Number(process.env.FRAMES_SEED ?? 20_250_101);

describe("shim-encoded frames in the Go SDK", () => {
  it("agree for every golden frame re-encoded by the shim", () => {
    const frames = goldens.arrow.map((g) => frameFromArrow(g.arrow));
    // The SDK must read the re-encoding as it reads the original file; the shim's JSON must
    // say what the version's golden JSON says (or, without one, what the file holds).
    const expected = goldens.arrow.map((golden, i) => {
      const json =
        golden.json !== undefined && !wholeMilliseconds(golden.json)
          ? canonFromSdkJson(golden.json)
          : undefined;
      return { sdk: expectations.sdk[i]!, json: json ?? expectations.file[i]! };
    });
    const problems = checkShimAgainstSdk(frames, expected).flatMap((list, i) =>
      list.map((p) => `${goldens.arrow[i]!.version} ${goldens.arrow[i]!.source}: ${p}`),
    );
    assert.deepEqual(problems, [], problems.slice(0, 30).join("\n"));
  });

  it("agree for fast-check frames (FRAMES_SEED to vary)", () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        const problems = checkShimAgainstSdk([frame])[0] ?? [];
        assert.deepEqual(problems, [], problems.join("\n"));
      }),
      { seed, numRuns: Number(process.env.FRAMES_RUNS ?? 80), includeErrorInReport: true },
    );
  });
});
