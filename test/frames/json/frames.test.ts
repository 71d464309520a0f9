import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RecordBatchReader } from "apache-arrow";
import { parseJsonExact } from "../../../src/exact-json.js";
import { frameFromArrow, frameToArrow } from "../../../src/frames/arrow/frames.js";
import {
  frameFromJSON,
  framesFromJSON,
  framesToJSON,
  frameToJSON,
} from "../../../src/frames/json/frames.js";
import type { Frame } from "../../../src/model/frame.js";
import { assertSameFrame, field, fixtureText, normalize } from "../helpers.js";
import { allTypesFrame } from "../sample-frames.js";

describe("frameToJSON", () => {
  it("writes the SDK's keys in the SDK's order", () => {
    const frame: Frame = {
      name: "cpu",
      refId: "A",
      meta: { executedQueryString: "q" },
      fields: [
        field("time", "time", [1000, 2000], { nanos: [0, 5] }),
        field("value", "float64", [1.5, Number.NaN], {
          labels: { b: "2", a: "1" },
          config: { unit: "s" },
        }),
        field("", "int64", [2n ** 63n - 1n, null], { nullable: true }),
      ],
    };
    assert.equal(
      frameToJSON(frame),
      '{"schema":{"name":"cpu","refId":"A","meta":{"executedQueryString":"q"},"fields":[' +
        '{"name":"time","type":"time","typeInfo":{"frame":"time.Time"}},' +
        '{"name":"value","type":"number","typeInfo":{"frame":"float64"},"labels":{"a":"1","b":"2"},"config":{"unit":"s"}},' +
        '{"type":"number","typeInfo":{"frame":"int64","nullable":true}}]},' +
        '"data":{"values":[[1000,2000],[1.5,null],[9223372036854775807,null]],' +
        '"entities":[null,{"NaN":[1]},null],"nanos":[[0,5],null,null]}}',
    );
  });

  it("leaves out empty name/refId, entities and nanos", () => {
    assert.equal(frameToJSON({ fields: [] }), '{"schema":{"fields":[]},"data":{"values":[]}}');
    assert.equal(
      frameToJSON({ name: "", refId: "", fields: [field("b", "bool", [])] }),
      '{"schema":{"fields":[{"name":"b","type":"boolean","typeInfo":{"frame":"bool"}}]},"data":{"values":[[]]}}',
    );
  });

  it("writes the frontend type and Go type name of every field type", () => {
    const { schema } = JSON.parse(frameToJSON(allTypesFrame())) as {
      schema: { fields: { type: string; typeInfo: { frame: string } }[] };
    };
    assert.deepStrictEqual(
      schema.fields.map((f) => `${f.type}/${f.typeInfo.frame}`),
      [
        "time/time.Time",
        "time/time.Time",
        "number/int8",
        "number/int16",
        "number/int32",
        "number/int64",
        "number/uint8",
        "number/uint16",
        "number/uint32",
        "number/uint64",
        "number/float32",
        "number/float64",
        "string/string",
        "string/string",
        "boolean/bool",
        "boolean/bool",
        "other/json.RawMessage",
        "other/json.RawMessage",
        "enum/enum",
        "enum/enum",
      ],
    );
  });

  it("formats numbers as Go does: shortest float32, exponents, -0, full 64-bit integers", () => {
    const frame: Frame = {
      fields: [
        field("f32", "float32", [Math.fround(0.1), 3.4028234663852886e38, 1e-45, -0]),
        field("f64", "float64", [1e21, 1e-7, 0.000001, -0]),
        field("u64", "uint64", [0n, 2n ** 64n - 1n, 1n, 2n]),
        field("i64", "int64", new BigInt64Array([-(2n ** 63n), 1n, 2n, 3n])),
      ],
    };
    const values = frameToJSON(frame).match(/"values":\[(.*)\]\}\}$/)?.[1];
    assert.equal(
      values,
      "[0.1,3.4028235e+38,1e-45,-0],[1e+21,1e-7,0.000001,-0]," +
        "[0,18446744073709551615,1,2],[-9223372036854775808,1,2,3]",
    );
  });
});

describe("notices in meta", () => {
  const frame: Frame = {
    meta: {
      notices: [
        { severity: "warning", text: "see data", inspect: "data" },
        { text: "no severity" } as never,
      ],
    },
    fields: [],
  };

  it("are written as the SDK writes them: inspect as its number, severity always", () => {
    const { schema } = JSON.parse(frameToJSON(frame)) as { schema: { meta: unknown } };
    assert.deepStrictEqual(schema.meta, {
      notices: [
        { severity: "warning", text: "see data", inspect: 3 },
        { severity: "info", text: "no severity" },
      ],
    });
    const arrowMeta = JSON.parse(schemaMeta(frameToArrow(frame))) as unknown;
    assert.deepStrictEqual(arrowMeta, schema.meta);
  });

  it("are read back with inspect names", () => {
    const expected = [
      { severity: "warning", text: "see data", inspect: "data" },
      { severity: "info", text: "no severity" },
    ];
    assert.deepStrictEqual(frameFromJSON(frameToJSON(frame)).meta?.notices, expected);
    assert.deepStrictEqual(frameFromArrow(frameToArrow(frame)).meta?.notices, expected);
    const none = frameFromJSON({
      schema: { meta: { notices: [{ text: "t", inspect: 0 }] }, fields: [] },
    });
    assert.deepStrictEqual(none.meta?.notices, [{ text: "t" }]);
  });
});

function schemaMeta(bytes: Uint8Array): string {
  const reader = RecordBatchReader.from(bytes);
  reader.open();
  return reader.schema.metadata.get("meta")!;
}

describe("frameFromJSON", () => {
  it("round-trips every field type with nulls, extremes, NaN/±Inf and ns times", () => {
    assertSameFrame(frameFromJSON(frameToJSON(allTypesFrame())), allTypesFrame());
  });

  it("keeps 64-bit integers exact when given text", () => {
    const text =
      '{"schema":{"fields":[{"type":"number","typeInfo":{"frame":"int64"}},{"type":"number","typeInfo":{"frame":"uint64"}}]},' +
      '"data":{"values":[[9223372036854775807,-9223372036854775808,9007199254740993],[18446744073709551615,0,1]]}}';
    const frame = frameFromJSON(text);
    assert.deepStrictEqual(Array.from(frame.fields[0]!.values), [
      2n ** 63n - 1n,
      -(2n ** 63n),
      9007199254740993n,
    ]);
    assert.deepStrictEqual(Array.from(frame.fields[1]!.values), [2n ** 64n - 1n, 0n, 1n]);
  });

  it("reads the SDK's golden JSON and writes it back with the same content", () => {
    const text = fixtureText("sdk-v0.298.0-all-types.json");
    const frame = frameFromJSON(text);
    assert.equal(frame.fields.length, 35);
    assert.deepStrictEqual(
      parseJsonExact(frameToJSON(frame), "ours"),
      parseJsonExact(text, "golden"),
    );
  });

  it("puts entities back and keeps Undef as null", () => {
    const frame = frameFromJSON({
      schema: { fields: [{ name: "f", typeInfo: { frame: "float64", nullable: true } }] },
      data: {
        values: [[null, null, null, null, 2]],
        entities: [{ NaN: [0], Inf: [1], NegInf: [2], Undef: [3] }],
      },
    });
    assert.deepStrictEqual(Array.from(frame.fields[0]!.values), [
      Number.NaN,
      Infinity,
      -Infinity,
      null,
      2,
    ]);
    const dense = frameFromJSON({
      schema: { fields: [{ name: "f", typeInfo: { frame: "float32" } }] },
      data: { values: [[null, 1]], entities: [{ NaN: [0] }] },
    });
    assert.equal(dense.fields[0]!.nullable, false);
    assert.ok(dense.fields[0]!.values instanceof Float32Array);
  });

  it("adds nanos to times, in any key order inside data", () => {
    const frame = frameFromJSON(
      '{"schema":{"fields":[{"typeInfo":{"frame":"time.Time","nullable":true}}]},' +
        '"data":{"nanos":[[5,0,1000001]],"values":[[1,null,-1]]}}',
    );
    assert.deepStrictEqual(Array.from(frame.fields[0]!.values), [1, null, 0]);
    assert.deepStrictEqual(Array.from(frame.fields[0]!.nanos!), [5, 0, 1]);
  });

  it("reads frontend-made JSON without typeInfo, and nulls in non-nullable fields", () => {
    const frame = frameFromJSON({
      schema: {
        fields: [
          { name: "a", type: "number" },
          { name: "t", type: "time" },
          { name: "s", type: "string", typeInfo: { frame: "string" } },
        ],
      },
      data: {
        values: [
          [1, null],
          [0, 1],
          ["x", null],
        ],
      },
    });
    assert.deepStrictEqual(
      frame.fields.map((f) => `${f.type}:${f.nullable}`),
      ["float64:true", "time:false", "string:true"],
    );
  });

  it("reads a schema without data as zero rows, and empty values", () => {
    const frame = frameFromJSON({ schema: { fields: [{ typeInfo: { frame: "int8" } }] } });
    assert.equal(frame.fields[0]!.values.length, 0);
    assert.equal(
      frameFromJSON({
        schema: { fields: [{ typeInfo: { frame: "string" } }] },
        data: { values: [] },
      }).fields[0]!.values.length,
      0,
    );
  });

  it("accepts parsed input when integers are safe", () => {
    const text = frameToJSON({
      refId: "Z",
      fields: [field("i", "int64", [1n, -2n]), field("t", "time", [5, 6])],
    });
    assertSameFrame(frameFromJSON(JSON.parse(text)), frameFromJSON(text));
  });

  it("reads and writes frame lists", () => {
    const frames = [allTypesFrame(), { fields: [] }];
    const text = framesToJSON(frames);
    assert.ok(text.startsWith('[{"schema":'));
    assert.deepStrictEqual(framesFromJSON(text).map(normalize), frames.map(normalize));
  });
});
