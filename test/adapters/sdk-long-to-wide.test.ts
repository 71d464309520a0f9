/**
 * Widening against the real grafana-plugin-sdk-go (test/go/sdk-frames frames-oracle
 * long-to-wide: the SDK's TimeSeriesSchema and LongToWide, which Grafana's FrameToSeriesSlice
 * runs first). The oracle has no SeriesToFrame or FrameToSeriesSlice: those live in
 * grafana/grafana, not in the SDK. Expected difference: where a dimension combination has no
 * row at a time, the SDK writes the type's zero value into non-nullable fields; the shim null.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { longToWide } from "../../src/adapters/long-to-wide.js";
import { timeSeriesSchemaOf } from "../../src/adapters/time-series-schema.js";
import { parseJsonExact } from "../../src/exact-json.js";
import { frameFromJSON, frameToJSON } from "../../src/frames/json/frames.js";
import type { Field, Frame } from "../../src/model/frame.js";
import { ensureOracle, root } from "../conformance/oracle.js";
import { runs } from "./arbitraries.js";

interface SdkAnswer {
  readonly schema: string;
  readonly wide?: unknown;
  readonly error?: string;
}

function sdkLongToWide(frames: readonly Frame[]): SdkAnswer[] {
  ensureOracle();
  const result = spawnSync(join(root, "test/.bin/frames-oracle"), ["long-to-wide"], {
    input: `[${frames.map(frameToJSON).join(",")}]`,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  assert.equal(result.status, 0, result.stderr);
  return parseJsonExact(result.stdout, "oracle output") as SdkAnswer[];
}

const isZero = (value: unknown) => value === 0 || value === 0n || value === false || value === "";

/** Asserts the shim's widening matches the SDK's, cell by cell. */
function assertSameWidening(frame: Frame, sdk: SdkAnswer, what: string): void {
  const schema = timeSeriesSchemaOf(frame);
  assert.equal(schema.kind, sdk.schema, `${what}: schema`);
  if (schema.kind !== "long") return;
  const ours = longToWide(frame, schema, "frame");
  if (sdk.error !== undefined) {
    // The SDK refuses frames without rows; the shim gives their value fields as empty series.
    if (frame.fields[0]!.values.length === 0) return;
    assert.ok("error" in ours, `${what}: the SDK failed (${sdk.error}) but the shim widened`);
    return;
  }
  assert.ok("frame" in ours, `${what}: the shim failed (${"error" in ours ? ours.error : ""})`);
  const theirs = frameFromJSON(sdk.wide);
  const [ourTime, ...ourFields] = ours.frame.fields;
  const [theirTime, ...theirFields] = theirs.fields;
  assert.deepStrictEqual(
    Array.from(ourTime!.values),
    Array.from(theirTime!.values),
    `${what}: times`,
  );
  assert.deepStrictEqual(
    ourFields.map((f) => [f.name, f.type, f.labels]),
    theirFields.map((f) => [f.name, f.type, f.labels]),
    `${what}: fields`,
  );
  for (const [i, field] of ourFields.entries()) {
    assertSameValues(field, theirFields[i]!, `${what}: field ${i}`);
  }
}

function assertSameValues(ours: Field, theirs: Field, what: string): void {
  for (let r = 0; r < ours.values.length; r++) {
    const mine = ours.values[r];
    const sdk = theirs.values[r];
    if (mine === null && !theirs.nullable)
      assert.ok(isZero(sdk), `${what} row ${r}: the SDK has ${String(sdk)}`);
    else
      assert.ok(
        Object.is(mine, sdk),
        `${what} row ${r}: ${String(mine)} vs the SDK's ${String(sdk)}`,
      );
  }
}

const corpus = parseJsonExact(
  readFileSync(join(root, "test/fixtures/convert/long-frames.json"), "utf8"),
  "long-frames.json",
) as unknown[];

const sortedTimes = (rows: number) =>
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: rows, maxLength: rows }).map((steps) => {
    let time = 1000;
    return steps.map((step) => (time += step * 1000));
  });

const longFrame: fc.Arbitrary<Frame> = fc.integer({ min: 0, max: 8 }).chain((rows) =>
  fc
    .record({
      times: sortedTimes(rows),
      values: fc.array(fc.oneof(fc.double(), fc.constant(null)), {
        minLength: rows,
        maxLength: rows,
      }),
      ints: fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), {
        minLength: rows,
        maxLength: rows,
      }),
      hosts: fc.array(fc.constantFrom("a", "b", "😀", "～", null), {
        minLength: rows,
        maxLength: rows,
      }),
      flags: fc.array(fc.boolean(), { minLength: rows, maxLength: rows }),
    })
    .map(({ times, values, ints, hosts, flags }) => ({
      fields: [
        { name: "time", type: "time", nullable: false, values: times },
        { name: "v", type: "float64", nullable: true, values },
        { name: "n", type: "int64", nullable: false, values: ints },
        { name: "host", type: "string", nullable: true, values: hosts },
        { name: "up", type: "bool", nullable: false, values: flags },
      ],
    })),
);

describe("widening long frames agrees with grafana-plugin-sdk-go LongToWide", () => {
  it("on the hand-written corpus (test/fixtures/convert/long-frames.json)", () => {
    const frames = corpus.map((document) => frameFromJSON(document));
    const answers = sdkLongToWide(frames);
    for (const [i, frame] of frames.entries())
      assertSameWidening(frame, answers[i]!, `${i} ${frame.name}`);
  });

  it("on random long frames", () => {
    const frames = fc.sample(longFrame, { numRuns: runs(300), seed: 7 });
    const answers = sdkLongToWide(frames);
    for (const [i, frame] of frames.entries())
      assertSameWidening(frame, answers[i]!, `random frame ${i}`);
  });
});
