import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  Field as ArrowField,
  DateDay,
  Decimal,
  Float64,
  Int32,
  List,
  makeData,
  makeVector,
  Table,
  tableToIPC,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { ShimError } from "../../../src/errors.js";
import { frameFromArrow, framesFromArrow, frameToArrow } from "../../../src/frames/arrow/frames.js";
import { FlatView } from "../../../src/frames/arrow/ipc-file.js";
import type { Field, Frame } from "../../../src/model/frame.js";
import { assertInvalid, field, fixture } from "../helpers.js";
import { allTypesFrame } from "../sample-frames.js";

function fileWith(columns: Record<string, Vector>): Uint8Array {
  return tableToIPC(new Table(columns), "file");
}

/** A tiny deterministic PRNG so failures can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("frameFromArrow rejects bad input with invalid_argument", () => {
  it("empty bytes and non-bytes", () => {
    assertInvalid(() => frameFromArrow(new Uint8Array(0)), /empty Arrow data/);
    assertInvalid(() => frameFromArrow("ARROW1" as unknown as Uint8Array), /Uint8Array/);
  });

  it("bytes that are not Arrow", () => {
    assertInvalid(() => frameFromArrow(new TextEncoder().encode('{"schema":{}}')), /ARROW1 magic/);
  });

  it("the Arrow IPC stream format", () => {
    const stream = tableToIPC(new Table({ v: vectorFromArray([1, 2], new Float64()) }), "stream");
    assertInvalid(() => frameFromArrow(stream), /stream format is not accepted/);
  });

  it("every truncation of a valid file", () => {
    const bytes = frameToArrow(allTypesFrame());
    for (let length = 0; length < bytes.length; length += 7) {
      assertInvalid(() => frameFromArrow(bytes.slice(0, length)), /Arrow/);
    }
  });

  it("a file whose closing magic is there but whose middle is cut out", () => {
    const bytes = frameToArrow(allTypesFrame());
    const cut = new Uint8Array([...bytes.subarray(0, 200), ...bytes.subarray(bytes.length - 100)]);
    assertInvalid(() => frameFromArrow(cut), /garbled|Arrow/);
  });

  for (const name of ["sdk-v0.298.0-all-types.arrow", "sdk-v0.100.0-all-types.arrow"]) {
    it(`garbled bytes of ${name}: a frame or invalid_argument, quickly, never a crash`, () => {
      const base = fixture(name);
      const next = random(42);
      for (let round = 0; round < 1500; round++) {
        const bytes = base.slice();
        const flips = 1 + Math.floor(next() * 4);
        for (let k = 0; k < flips; k++)
          bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        const started = performance.now();
        try {
          frameFromArrow(bytes);
        } catch (thrown) {
          assert.ok(thrown instanceof ShimError, `round ${round}: ${String(thrown)}`);
          assert.equal(thrown.code, "invalid_argument");
        }
        assert.ok(performance.now() - started < 1000, `round ${round} took too long`);
      }
    });
  }

  it("a record batch block whose message is of another type (apache-arrow would loop forever)", () => {
    const bytes = frameToArrow(allTypesFrame());
    const file = new FlatView(bytes);
    const footerLength = file.i32(bytes.length - 10);
    const footer = new FlatView(
      bytes.subarray(bytes.length - 10 - footerLength, bytes.length - 10),
    );
    const blocks = footer.vector(footer.root(), 3, 24); // Footer.recordBatches
    const start = footer.u32(blocks.start) + 8; // past the 0xFFFFFFFF marker and the length
    const message = new FlatView(bytes.subarray(start));
    bytes[start + message.field(message.root(), 1)] = 1; // Message.header_type = Schema
    assertInvalid(() => frameFromArrow(bytes), /block pointing at the wrong message/);
  });

  it("unsupported Arrow types, naming the field", () => {
    const ok = vectorFromArray([1, 2], new Float64());
    const dictionary = vectorFromArray(["a", "b"]); // inferred as Dictionary<Int32, Utf8>
    assertInvalid(
      () => frameFromArrow(fileWith({ ok, tags: dictionary })),
      /field 1 "tags".*Dictionary/,
    );
    const list = vectorFromArray([[1], [2, 3]], new List(new ArrowField("item", new Int32())));
    assertInvalid(() => frameFromArrow(fileWith({ ok, list })), /field 1 "list".*List/);
    const decimal = makeVector(
      makeData({ type: new Decimal(2, 10, 128), length: 2, data: new Uint32Array(8) }),
    );
    assertInvalid(
      () => frameFromArrow(fileWith({ ok, price: decimal })),
      /field 1 "price".*Decimal/,
    );
    const date = vectorFromArray([new Date(0), new Date(1)], new DateDay());
    assertInvalid(() => frameFromArrow(fileWith({ day: date })), /field 0 "day".*Date/);
  });

  it("schema or field metadata that is not JSON", () => {
    const table = new Table({ v: vectorFromArray([1], new Float64()) });
    table.schema.metadata.set("meta", "{not json");
    assertInvalid(() => frameFromArrow(tableToIPC(table, "file")), /meta is not valid JSON/);
    const labelled = new Table({ v: vectorFromArray([1], new Float64()) });
    labelled.schema.fields[0]!.metadata.set("labels", '{"a":1}');
    assertInvalid(
      () => frameFromArrow(tableToIPC(labelled, "file")),
      /field 0 "v" labels: label "a"/,
    );
  });

  it("names the frame in a list", () => {
    const good = frameToArrow({ fields: [] });
    assertInvalid(() => framesFromArrow([good, new Uint8Array(3)]), /^frame 1: /);
  });
});

function withField(extra: Partial<Field>): Frame {
  return { fields: [{ ...field("v", "float64", [1, 2]), ...extra } as Field] };
}

describe("frameToArrow rejects malformed frames with invalid_argument", () => {
  it("fields of unequal length", () => {
    const frame: Frame = { fields: [field("a", "float64", [1, 2]), field("b", "float64", [1])] };
    assertInvalid(() => frameToArrow(frame), /field 1 "b" has 1 values but field 0 "a" has 2/);
  });

  it("values of the wrong type, naming field and row", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assertInvalid(
      () => frameToArrow(withField({ values: [1, "x"] as never })),
      /field 0 "v" row 1: "x" \(string\) is not a number/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "int8", values: [1, 300] })),
      /row 1: 300 is not an int8/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "uint8", values: [1.5, 3] })),
      /row 0: 1.5 is not a uint8/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "int64", values: [1.5, 3] as never })),
      /is not an int64/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "uint64", values: [-1n, 3n] })),
      /-1n \(bigint\) is not a uint64/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "bool", values: [1, 0] as never })),
      /is not a boolean/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "string", values: [1, 0] as never })),
      /is not a string/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "time", values: ["2020", 0] as never })),
      /is not a time/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "json", values: [0, loop] })),
      /row 1: value cannot be written as JSON: .*circular/,
    );
  });

  it("nulls in a non-nullable field", () => {
    assertInvalid(
      () => frameToArrow(withField({ values: [1, null] })),
      /row 1: null in a non-nullable field/,
    );
  });

  it("bad nanos and times outside the int64 nanosecond range", () => {
    assertInvalid(
      () => frameToArrow(withField({ type: "time", values: [1, 2], nanos: [0, 1e6] })),
      /nanos 1000000/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "time", values: [1, 2], nanos: [0] })),
      /nanos must have one entry/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "float64", nanos: [0, 0] })),
      /nanos is only allowed/,
    );
    assertInvalid(
      () => frameToArrow(withField({ type: "time", values: [9223372036855, 0] })),
      /outside the int64/,
    );
  });

  it("unknown types, missing values, bad labels and unserializable config", () => {
    assertInvalid(
      () => frameToArrow(withField({ type: "decimal" as never })),
      /unknown field type "decimal"/,
    );
    assertInvalid(
      () => frameToArrow(withField({ values: undefined as never })),
      /values must be an array/,
    );
    assertInvalid(
      () => frameToArrow(withField({ labels: { a: 1 } as never })),
      /label "a" must be a string/,
    );
    assertInvalid(
      () => frameToArrow(withField({ config: { big: 1n } })),
      /config cannot be written as JSON/,
    );
    assertInvalid(() => frameToArrow(null as never), /frame must be an object/);
  });
});
