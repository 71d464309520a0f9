// The shim's widening of long frames (src/adapters/long-to-wide.ts, the step Grafana's
// FrameToSeriesSlice takes first) against the real SDK data.LongToWide(frame, nil) run by
// frames-oracle long-to-wide. Grafana/legacy SeriesToFrame and FrameToSeriesSlice themselves
// are not importable (github.com/grafana/grafana is not served by the module proxy), so only
// this SDK step has a real oracle.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { longToWide } from "../../src/adapters/long-to-wide.js";
import { timeSeriesSchemaOf } from "../../src/adapters/time-series-schema.js";
import { frameToJSON } from "../../src/frames/json/frames.js";
import type { Field, FieldType, Frame } from "../../src/model/frame.js";
import { canonFromModel } from "./canon-model.js";
import { type CanonFrame, diffFrames } from "./canonical.js";
import type { JsonValue } from "./lossless-json.js";
import { oracle } from "./oracle.js";
import { canonFromSdkJson } from "./sdk-json.js";

interface SdkWide {
  readonly schema: string;
  readonly wide?: JsonValue;
  readonly error?: string;
}

function sdkLongToWide(frames: readonly Frame[]): SdkWide[] {
  const input = frames.map((frame) => JSON.parse(frameToJSON(frame)) as unknown);
  return oracle(["long-to-wide"], input) as unknown as SdkWide[];
}

function shimLongToWide(frame: Frame): Frame {
  const result = longToWide(frame, timeSeriesSchemaOf(frame), "frame");
  if ("error" in result) throw new Error(`shim longToWide: ${result.error}`);
  return result.frame;
}

/** Only the fields: the SDK also copies name and meta (and types it timeseries-wide). */
function fieldsOf(frame: CanonFrame): CanonFrame {
  return { name: "", refId: "", meta: undefined, fields: frame.fields };
}

const factorPools: Record<string, readonly (string | boolean | null)[]> = {
  string: ["a", "b", "", "🦥"],
  bool: [true, false],
};

/** A long frame in which every time has exactly one row per combination of dimensions. */
const completeLongFrame: fc.Arbitrary<Frame> = fc
  .record({
    times: fc.uniqueArray(fc.integer({ min: 0, max: 2e12 }), { minLength: 1, maxLength: 4 }),
    factors: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom("host", "job", "le"),
        type: fc.constantFrom("string", "bool"),
        nullable: fc.boolean(),
      }),
      { minLength: 1, maxLength: 2, selector: (f) => f.name },
    ),
    values: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom("cpu", "mem", "Value"),
        type: fc.constantFrom<FieldType>("float64", "int64", "int32"),
        nullable: fc.boolean(),
      }),
      { minLength: 1, maxLength: 2, selector: (v) => v.name },
    ),
  })
  .chain(({ times, factors, values }) => {
    const pools = factors.map((f) =>
      f.type === "string" && f.nullable ? [...factorPools.string!, null] : factorPools[f.type]!,
    );
    const combos = pools.reduce<(string | boolean | null)[][]>(
      (acc, pool) => acc.flatMap((c) => pool.map((v) => [...c, v])),
      [[]],
    );
    const rows = [...times]
      .sort((a, b) => a - b)
      .flatMap((t) => combos.map((combo) => ({ t, combo })));
    const cell = (type: FieldType, nullable: boolean): fc.Arbitrary<unknown> => {
      const base: fc.Arbitrary<unknown> =
        type === "int64"
          ? fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n })
          : type === "int32"
            ? fc.integer()
            : fc.double({ noNaN: true, noDefaultInfinity: true });
      return nullable ? fc.option(base, { nil: null }) : base;
    };
    return fc
      .tuple(
        fc.shuffledSubarray(
          rows.map((_, i) => i),
          { minLength: rows.length },
        ),
        ...values.map((v) =>
          fc.array(cell(v.type, v.nullable), { minLength: rows.length, maxLength: rows.length }),
        ),
      )
      .map(([order, ...cells]): Frame => {
        // Rows stay sorted by time; within a time the combinations come in any order.
        const sorted = [...order].sort((a, b) => rows[a]!.t - rows[b]!.t);
        const fields: Field[] = [
          { name: "time", type: "time", nullable: false, values: sorted.map((i) => rows[i]!.t) },
          ...factors.map(
            (f, k) =>
              ({
                name: f.name,
                type: f.type as FieldType,
                nullable: f.nullable,
                values: sorted.map((i) => rows[i]!.combo[k]!),
              }) as Field,
          ),
          ...values.map(
            (v, k) =>
              ({
                name: v.name,
                type: v.type,
                nullable: v.nullable,
                values: sorted.map((i) => cells[k]![i]!),
              }) as Field,
          ),
        ];
        return { fields };
      });
  });

describe("long-to-wide against the SDK's LongToWide", () => {
  it("agrees on complete long frames (fast-check)", () => {
    const frames = fc.sample(completeLongFrame, {
      seed: 7,
      numRuns: Number(process.env.FRAMES_RUNS ?? 60),
    });
    const sdk = sdkLongToWide(frames);
    const problems = frames.flatMap((frame, i) => {
      const answer = sdk[i]!;
      if (answer.schema !== "long" || answer.wide === undefined)
        return [`frame ${i}: SDK says ${answer.schema} ${answer.error ?? ""}`];
      const diff = diffFrames(
        fieldsOf(canonFromSdkJson(answer.wide)),
        fieldsOf(canonFromModel(shimLongToWide(frame))),
      );
      return diff.map((line) => `frame ${i} ${frameToJSON(frame).slice(0, 300)}: ${line}`);
    });
    assert.deepEqual(problems, [], problems.slice(0, 20).join("\n"));
  });

  it("differs as documented where a combination has no row at a time: SDK zero, shim null", () => {
    const frame: Frame = {
      fields: [
        { name: "time", type: "time", nullable: false, values: [1000, 1000, 2000] },
        { name: "host", type: "string", nullable: false, values: ["a", "b", "a"] },
        { name: "cpu", type: "float64", nullable: false, values: [1, 2, 3] },
      ],
    };
    const sdk = fieldsOf(canonFromSdkJson(sdkLongToWide([frame])[0]!.wide!));
    const shim = fieldsOf(canonFromModel(shimLongToWide(frame)));
    assert.deepEqual(sdk.fields[2]!.cells, ["2", "0"], "SDK fills host=b at 2000 with 0");
    assert.deepEqual(shim.fields[2]!.cells, ["2", "null"], "shim leaves host=b at 2000 null");
  });
});
