// Frames the shim encodes (Arrow and JSON) read the same in the real Go SDK, and the SDK's
// MarshalJSON of them equals the shim's own frameToJSON: for every golden frame and for
// fast-check-generated frames.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { frameFromArrow, frameToArrow } from "../../src/frames/arrow/frames.js";
import { footers, messages } from "../../src/frames/arrow/ipc-file.js";
import type { Frame } from "../../src/model/frame.js";
import { frameArb } from "./arbitraries.js";
import { checkShimAgainstSdk } from "./check-shim.js";
import { goldenExpectations, wholeMilliseconds } from "./golden-expect.js";
import { loadGoldens } from "./goldens.js";
import { sdkJsonToArrow } from "./oracle.js";
import { canonFromSdkJson } from "./sdk-json.js";

const goldens = loadGoldens();
const expectations = goldenExpectations(goldens);
const seed = Number(process.env.FRAMES_SEED ?? 20_250_101);

describe("shim-encoded frames in the Go SDK", () => {
  // The SDK must read the re-encoding as it reads the original file; the shim's JSON must
  // say what the version's golden JSON says (or, without one, what the file holds).
  function goldenProblems(): string[] {
    const frames = goldens.arrow.map((g) => frameFromArrow(g.arrow));
    const expected = goldens.arrow.map((golden, i) => {
      const json =
        golden.json !== undefined && !wholeMilliseconds(golden.json)
          ? canonFromSdkJson(golden.json)
          : undefined;
      return { sdk: expectations.sdk[i]!, json: json ?? expectations.file[i]! };
    });
    return checkShimAgainstSdk(frames, expected).flatMap((list, i) =>
      list.map((p) => `${goldens.arrow[i]!.version} ${goldens.arrow[i]!.source}: ${p}`),
    );
  }

  it("agree for every golden frame re-encoded by the shim", () => {
    footers.clear();
    messages.clear();
    const problems = goldenProblems();
    assert.deepEqual(problems, [], problems.slice(0, 30).join("\n"));
  });

  it("agree for every golden frame written again with its message and footer reused", () => {
    footers.clear();
    messages.clear();
    for (const golden of goldens.arrow) frameToArrow(frameFromArrow(golden.arrow));
    assert.ok(footers.size > 0 && messages.size > 0, "nothing was cached");
    const problems = goldenProblems();
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

describe("notice inspect", () => {
  const frame: Frame = {
    meta: { notices: [{ severity: "warning", text: "see data", inspect: "data" }] },
    fields: [{ name: "v", type: "float64", nullable: false, values: [1] }],
  };

  it("a notice with inspect reaches the SDK from the shim's Arrow and JSON", () => {
    // The SDK's Notice.Inspect is an int without JSON names: it reads and writes 3 for "data".
    const problems = checkShimAgainstSdk([frame])[0] ?? [];
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  it("the SDK's numeric inspect decodes in the shim as the model's name", () => {
    const [arrow] = sdkJsonToArrow([
      '{"schema":{"meta":{"typeVersion":[0,0],"notices":[{"severity":"info","text":"t","inspect":3}]},"fields":[]},"data":{"values":[]}}',
    ]);
    assert.ok(arrow instanceof Uint8Array, String(arrow));
    assert.deepEqual(frameFromArrow(arrow).meta?.notices, [
      { severity: "info", text: "t", inspect: "data" },
    ]);
  });
});
