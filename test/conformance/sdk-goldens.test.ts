// Every golden Arrow frame of every fetched grafana-plugin-sdk-go version decodes in the shim
// to what the SDK reads from it and to what that version's golden JSON says; every golden
// JSON decodes in the shim to what it says.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameFromArrow } from "../../src/frames/arrow/frames.js";
import { frameFromJSON } from "../../src/frames/json/frames.js";
import { rawArrowMetadata } from "./arrow-metadata.js";
import { canonFromModel } from "./canon-model.js";
import { diffFrames } from "./canonical.js";
import { goldenExpectations, toMilliseconds, wholeMilliseconds } from "./golden-expect.js";
import { loadGoldens } from "./goldens.js";
import { stringifyLossless } from "./lossless-json.js";
import { canonFromSdkJson } from "./sdk-json.js";

const goldens = loadGoldens();
const expected = goldenExpectations(goldens);

describe("SDK golden files", () => {
  it("were fetched for every version, each with an Arrow frame", () => {
    const versions = goldens.versions.map((v) => v.version);
    assert.deepEqual(versions, ["v0.30.0", "v0.121.0", "v0.145.0", "v0.147.0", "v0.298.0"]);
    for (const version of versions) {
      assert.ok(
        goldens.arrow.some((g) => g.version === version),
        `no Arrow golden in ${version}`,
      );
    }
  });

  it("span IPC V4 and V5", () => {
    const allTypes = (v: string) => goldens.arrow.find((g) => g.version === v)!.arrow;
    assert.equal(
      rawArrowMetadata(allTypes("v0.121.0")).metadataVersion,
      3,
      "v0.121.0 all_types is IPC V4",
    );
    assert.equal(
      rawArrowMetadata(allTypes("v0.298.0")).metadataVersion,
      4,
      "v0.298.0 all_types is IPC V5",
    );
  });

  goldens.arrow.forEach((golden, index) => {
    const name = `${golden.version} ${golden.source}`;
    it(`${name} decodes with frameFromArrow as the SDK reads it (meta, config as in the file)`, () => {
      const diff = diffFrames(expected.file[index]!, canonFromModel(frameFromArrow(golden.arrow)));
      assert.deepEqual(diff, [], diff.join("\n"));
    });
    const json = golden.json;
    if (json === undefined) return;
    const inMs = wholeMilliseconds(json);
    it(`${name} decodes with frameFromArrow to its golden JSON${inMs ? " (to the millisecond)" : ""}`, () => {
      let want = canonFromSdkJson(json);
      let got = canonFromModel(frameFromArrow(golden.arrow));
      if (inMs) [want, got] = [toMilliseconds(want), toMilliseconds(got)];
      const diff = diffFrames(want, got);
      assert.deepEqual(diff, [], diff.join("\n"));
    });
  });

  for (const golden of [...goldens.arrow, ...goldens.jsonOnly]) {
    const json = golden.json;
    if (json === undefined) continue;
    it(`${golden.version} ${golden.source} golden JSON decodes with frameFromJSON`, () => {
      const frame = frameFromJSON(stringifyLossless(json));
      const diff = diffFrames(canonFromSdkJson(json), canonFromModel(frame));
      assert.deepEqual(diff, [], diff.join("\n"));
    });
  }
});
