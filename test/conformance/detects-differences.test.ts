// The conformance checks fail when a codec is wrong: deliberately altered frames and a
// deliberately lossy encoder are reported as different from what the Go SDK holds.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameFromArrow, frameToArrow } from "../../src/frames/arrow/frames.js";
import type { Field, Frame } from "../../src/model/frame.js";
import { canonFromModel } from "./canon-model.js";
import { diffFrames } from "./canonical.js";
import { loadGoldens } from "./goldens.js";
import { sdkArrowToJson, sdkItem } from "./oracle.js";
import { canonFromSdkJson } from "./sdk-json.js";

const latest = loadGoldens().arrow.find(
  (g) => g.version === "v0.298.0" && g.source.endsWith("all_types.golden.arrow"),
);
if (!latest?.json) throw new Error("v0.298.0 all_types golden (Arrow + JSON) is missing");
const goldenJson = latest.json;
const golden = frameFromArrow(latest.arrow);

function fieldIndex(name: string): number {
  const i = golden.fields.findIndex((f) => f.name === name);
  assert.ok(i >= 0, `golden has no field ${name}`);
  return i;
}

/** A copy of the golden frame with one field replaced. */
function withField(name: string, change: (field: Field) => Field): Frame {
  const i = fieldIndex(name);
  return { ...golden, fields: golden.fields.map((f, j) => (j === i ? change(f) : f)) };
}

function withCell(name: string, row: number, value: unknown): Frame {
  return withField(name, (f) => {
    const values = Array.from(f.values as ArrayLike<unknown>);
    values[row] = value;
    return { ...f, values } as Field;
  });
}

const alterations: Record<string, Frame> = {
  "int64 cell off by one beyond 2^53": withCell("int64_values", 4, 9_223_372_036_854_775_806n),
  "uint64 cell rounded like a JavaScript number": withCell(
    "uint64_values",
    4,
    18_446_744_073_709_551_616n - 2048n,
  ),
  "float32 cell stored as a float64 value": withCell("float32_values", 4, 3.4e38),
  "NaN replaced by null": withCell("nullable_float64_values_nans", 0, null),
  "one nanosecond later": withField("timestamps", (f) => ({
    ...f,
    nanos: Array.from(f.values, (_, i) => (i === 1 ? 1 : 0)),
  })),
  "nullable flag flipped": withField("int8_values", (f) => ({ ...f, nullable: true })),
  "label value changed": withField("string_values", (f) => ({
    ...f,
    labels: { aLabelKey: "other" },
  })),
  "config key dropped": withField("int8_values", (f) => ({ ...f, config: { min: 0 } })),
  "string cell changed": withCell("nullable_string_values", 3, "🦦"),
  "meta changed": { ...golden, meta: { ...golden.meta, executedQueryString: "SELECT 1" } },
};

describe("altered frames are detected", () => {
  it("the unaltered golden frame matches (control)", () => {
    assert.deepEqual(diffFrames(canonFromSdkJson(goldenJson), canonFromModel(golden)), []);
  });

  const names = Object.keys(alterations);
  const frames = names.map((name) => alterations[name]!);
  const sdkViews = sdkArrowToJson(frames.map((frame) => frameToArrow(frame)));
  names.forEach((name, i) => {
    it(`${name}: the SDK's reading differs from the golden JSON`, () => {
      const sdk = canonFromSdkJson(sdkItem(sdkViews[i], name));
      const diff = diffFrames(canonFromSdkJson(goldenJson), sdk);
      assert.notDeepEqual(diff, [], "alteration went unnoticed");
    });
  });

  it("a lossy encoder (int64 through JavaScript numbers) is detected", () => {
    const lossy = (frame: Frame): Frame => ({
      ...frame,
      fields: frame.fields.map((f) =>
        f.type === "int64"
          ? ({
              ...f,
              values: Array.from(f.values, (v) =>
                v === null ? null : BigInt.asIntN(64, BigInt(Number(v))),
              ),
            } as Field)
          : f,
      ),
    });
    const sdk = canonFromSdkJson(
      sdkItem(sdkArrowToJson([frameToArrow(lossy(golden))])[0], "lossy"),
    );
    assert.notDeepEqual(diffFrames(canonFromSdkJson(goldenJson), sdk), []);
  });
});
