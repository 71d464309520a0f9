import { describe, it } from "node:test";
import { frameFromJSON, framesFromJSON, frameToJSON } from "../../../src/frames/json/frames.js";
import type { Field } from "../../../src/model/frame.js";
import { assertInvalid, field } from "../helpers.js";

function oneField(frame: string, values: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    schema: { fields: [{ name: "v", typeInfo: { frame } }] },
    data: { values: [values], ...extra },
  });
}

describe("frameFromJSON rejects bad input with invalid_argument", () => {
  it("data before schema, as text or parsed", () => {
    const text = '{"data":{"values":[[1]]},"schema":{"fields":[{"typeInfo":{"frame":"int8"}}]}}';
    assertInvalid(() => frameFromJSON(text), /data before schema/);
    assertInvalid(() => frameFromJSON(JSON.parse(text)), /data before schema/);
  });

  it("no schema, unknown keys, non-objects, bad JSON text", () => {
    assertInvalid(() => frameFromJSON('{"data":{"values":[]}}'), /no schema/);
    assertInvalid(() => frameFromJSON({ schema: { fields: [] }, extra: 1 }), /unknown key "extra"/);
    assertInvalid(
      () => frameFromJSON({ schema: { fields: [] }, data: { values: [], enums: [] } }),
      /data has an unknown key "enums"/,
    );
    assertInvalid(() => frameFromJSON([]), /must be an object/);
    assertInvalid(() => frameFromJSON(null), /must be an object/);
    assertInvalid(() => frameFromJSON('{"schema":'), /not valid JSON/);
    assertInvalid(() => frameFromJSON('{"schema":{"fields":[]}} x'), /not valid JSON/);
    assertInvalid(() => frameFromJSON(`${"[".repeat(100000)}${"]".repeat(100000)}`), /JSON/);
    assertInvalid(() => framesFromJSON('{"schema":{}}'), /must be an array of frames/);
  });

  it("unknown typeInfo.frame and fields without any type", () => {
    assertInvalid(
      () => frameFromJSON(oneField("decimal128", [1])),
      /field 0 "v": unknown typeInfo.frame "decimal128"/,
    );
    assertInvalid(
      () => frameFromJSON({ schema: { fields: [{ name: "x" }] } }),
      /field 0 "x" has neither typeInfo.frame nor a known type/,
    );
    assertInvalid(
      () =>
        frameFromJSON({ schema: { fields: [{ typeInfo: { frame: "int8", nullable: "yes" } }] } }),
      /nullable must be a boolean/,
    );
  });

  it("values of the wrong type, naming field and row", () => {
    assertInvalid(
      () => frameFromJSON(oneField("float64", [1, "x"])),
      /field 0 "v" row 1: "x" \(string\) is not a number/,
    );
    assertInvalid(() => frameFromJSON(oneField("string", ["a", 2])), /row 1: 2 is not a string/);
    assertInvalid(() => frameFromJSON(oneField("bool", [1])), /row 0: 1 is not a boolean/);
    assertInvalid(() => frameFromJSON(oneField("int8", [300])), /row 0: 300 is not an int8/);
    assertInvalid(() => frameFromJSON(oneField("uint32", [-1])), /is not a uint32/);
    assertInvalid(() => frameFromJSON(oneField("int64", [1.5])), /1.5 is not an int64/);
    assertInvalid(
      () => frameFromJSON(oneField("uint64", ["18446744073709551615"])),
      /is not a uint64/,
    );
    assertInvalid(() => frameFromJSON(oneField("int64", [1e20])), /is not an int64/);
    assertInvalid(
      () =>
        frameFromJSON(
          '{"schema":{"fields":[{"typeInfo":{"frame":"int64"}}]},"data":{"values":[[9223372036854775808]]}}',
        ),
      /9223372036854775808n \(bigint\) is not an int64/,
    );
    assertInvalid(() => frameFromJSON(oneField("time.Time", ["2020-01-01"])), /is not a time/);
    assertInvalid(
      () => frameFromJSON(oneField("time.Time", [1e30])),
      /outside the int64 nanosecond range/,
    );
    assertInvalid(() => frameFromJSON(oneField("enum", [70000])), /is not an enum index/);
    assertInvalid(
      () => frameFromJSON(oneField("float64", { 0: 1 } as never)),
      /values must be an array/,
    );
  });

  it("NaN as a string, pointing at entities", () => {
    assertInvalid(
      () => frameFromJSON(oneField("float64", ["NaN"])),
      /"NaN" \(string\) is not a number \(NaN and ±Inf travel as null plus data.entities\)/,
    );
  });

  it("fields of unequal length and value lists that do not match the fields", () => {
    const two = {
      schema: {
        fields: [
          { name: "a", typeInfo: { frame: "int8" } },
          { name: "b", typeInfo: { frame: "int8" } },
        ],
      },
    };
    assertInvalid(
      () => frameFromJSON({ ...two, data: { values: [[1, 2], [1]] } }),
      /field 1 "b" has 1 values but field 0 has 2/,
    );
    assertInvalid(
      () => frameFromJSON({ ...two, data: { values: [[1]] } }),
      /data.values has 1 entries for 2 fields/,
    );
    assertInvalid(
      () => frameFromJSON({ ...two, data: { values: {} } }),
      /data.values must be an array/,
    );
  });

  it("bad entities and nanos", () => {
    assertInvalid(
      () => frameFromJSON(oneField("int8", [null], { entities: [{ NaN: [0] }] })),
      /entities are only allowed for float fields/,
    );
    assertInvalid(
      () => frameFromJSON(oneField("float64", [null], { entities: [{ NaN: [3] }] })),
      /entity NaN index 3 out of range/,
    );
    assertInvalid(
      () => frameFromJSON(oneField("float64", [null], { entities: [{ Huge: [0] }] })),
      /unknown entity "Huge"/,
    );
    assertInvalid(
      () => frameFromJSON(oneField("float64", [1], { nanos: [[1]] })),
      /nanos are only allowed for time fields/,
    );
    assertInvalid(
      () => frameFromJSON(oneField("time.Time", [1], { nanos: [[1, 2]] })),
      /nanos must be null or an array of 1 integers/,
    );
    assertInvalid(
      () => frameFromJSON(oneField("time.Time", [1], { nanos: [[0.5]] })),
      /nanos\[0\] is not an integer/,
    );
  });

  it("bad schema parts", () => {
    assertInvalid(
      () => frameFromJSON({ schema: { name: 1, fields: [] } }),
      /schema.name must be a string/,
    );
    assertInvalid(
      () => frameFromJSON({ schema: { meta: [], fields: [] } }),
      /schema.meta must be an object/,
    );
    assertInvalid(
      () => frameFromJSON({ schema: { fields: {} } }),
      /schema.fields must be an array/,
    );
    assertInvalid(
      () =>
        frameFromJSON({ schema: { fields: [{ typeInfo: { frame: "int8" }, labels: { a: 1 } }] } }),
      /label "a" must be a string/,
    );
    assertInvalid(
      () => frameFromJSON({ schema: { fields: [{ typeInfo: { frame: "int8" }, config: "x" }] } }),
      /config must be an object/,
    );
  });
});

describe("frameToJSON rejects malformed frames with invalid_argument", () => {
  it("the same checks as the Arrow encoder", () => {
    const bad = (f: Partial<Field>) => ({
      fields: [{ ...field("v", "float64", [1, 2]), ...f } as Field],
    });
    assertInvalid(
      () => frameToJSON({ fields: [field("a", "int8", [1]), field("b", "int8", [])] }),
      /same length/,
    );
    assertInvalid(
      () => frameToJSON(bad({ values: [1, "x"] as never })),
      /row 1: "x" \(string\) is not a number/,
    );
    assertInvalid(() => frameToJSON(bad({ values: [1, null] })), /null in a non-nullable field/);
    assertInvalid(
      () => frameToJSON(bad({ type: "json", values: [undefined, 1] as never })),
      /undefined is not a JSON value/,
    );
    assertInvalid(
      () => frameToJSON(bad({ type: "string", values: ["a", undefined] as never })),
      /undefined is not a string/,
    );
    assertInvalid(
      () => frameToJSON(bad({ type: "int16", values: [1, 40000] })),
      /40000 is not an int16/,
    );
    assertInvalid(
      () => frameToJSON({ meta: { x: 1n } as never, fields: [] }),
      /frame meta cannot be written as JSON/,
    );
  });
});
