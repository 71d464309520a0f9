// Arrow files written with reused record batch messages and footers are byte for byte what
// apache-arrow's own RecordBatchFileWriter writes, for random frames and for shapes that differ
// in one detail.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { frameToArrow } from "../../../src/frames/arrow/frames.js";
import { EncodedCache, footers, messages } from "../../../src/frames/arrow/ipc-file.js";
import type { Field, Frame } from "../../../src/model/frame.js";
import { frameArbitrary } from "../frame-arbitrary.js";
import { frameToArrowByWriter } from "./file-writer-reference.js";

function assertSameBytes(frame: Frame, what: string): void {
  const want = Buffer.from(frameToArrowByWriter(frame));
  assert.ok(Buffer.from(frameToArrow(frame)).equals(want), `${what}: first encode`);
  assert.ok(
    Buffer.from(frameToArrow(frame)).equals(want),
    `${what}: encode with its footer reused`,
  );
}

const series = (rows: number): Frame => ({
  name: "cpu",
  refId: "A",
  fields: [
    {
      name: "time",
      type: "time",
      nullable: false,
      values: Array.from({ length: rows }, (_, i) => 1_700_000_000_000 + i * 1000),
    },
    {
      name: "value",
      type: "float64",
      nullable: false,
      values: Array.from({ length: rows }, (_, i) => i / 3),
      labels: { host: "a" },
      config: { unit: "ms" },
    },
  ],
});

function withValue(frame: Frame, change: (value: Field) => Field): Frame {
  const [time, value] = frame.fields as [Field, Field];
  return { ...frame, fields: [time, change(value)] };
}

/** Shapes that differ from `series(10)` in one detail each: every one must get its own footer. */
const neighbours: Record<string, Frame> = {
  base: series(10),
  "frame name": { ...series(10), name: "cpu2" },
  "no frame name": { ...series(10), name: undefined as never },
  refId: { ...series(10), refId: "B" },
  "frame meta": { ...series(10), meta: { executedQueryString: "q" } },
  "other frame meta": { ...series(10), meta: { executedQueryString: "r" } },
  "field name": withValue(series(10), (v) => ({ ...v, name: "Value" })),
  "empty field name": withValue(series(10), (v) => ({ ...v, name: "" })),
  nullable: withValue(series(10), (v) => ({ ...v, nullable: true })),
  "with a null": withValue(series(10), (v) => ({
    ...v,
    nullable: true,
    values: (v.values as number[]).map((x, i) => (i === 4 ? null : x)),
  })),
  type: withValue(series(10), (v) => ({ ...v, type: "float32" }) as Field),
  "int type": withValue(series(10), (v) => ({
    ...v,
    type: "int32",
    values: (v.values as number[]).map(Math.round),
  })),
  "enum type": withValue(series(10), (v) => ({
    ...v,
    type: "enum",
    values: (v.values as number[]).map(Math.round),
  })),
  "uint16 type": withValue(series(10), (v) => ({
    ...v,
    type: "uint16",
    values: (v.values as number[]).map(Math.round),
  })),
  labels: withValue(series(10), (v) => ({ ...v, labels: { host: "b" } })),
  "no labels": withValue(series(10), ({ labels: _, ...v }) => v),
  config: withValue(series(10), (v) => ({ ...v, config: { unit: "s" } })),
  "config key order": withValue(series(10), (v) => ({ ...v, config: { unit: "ms", min: 0 } })),
  "other config key order": withValue(series(10), (v) => ({
    ...v,
    config: { min: 0, unit: "ms" },
  })),
  "no config": withValue(series(10), ({ config: _, ...v }) => v),
  "config text looking like labels": withValue(series(10), (v) => ({
    ...v,
    config: { host: "a" },
  })),
  "more rows": series(11),
  "one row": series(1),
  "no rows": series(0),
  "strings of one length": {
    fields: [{ name: "s", type: "string", nullable: false, values: ["ab", "cd"] }],
  },
  "strings of another length": {
    fields: [{ name: "s", type: "string", nullable: false, values: ["abc", "cd"] }],
  },
  "fields swapped": { ...series(10), fields: [...series(10).fields].reverse() },
  "same names twice": {
    fields: [
      { name: "v", type: "int8", nullable: false, values: [1] },
      { name: "v", type: "int8", nullable: false, values: [2] },
    ],
  },
};

describe("Arrow metadata cache", () => {
  it("writes the same bytes as apache-arrow's file writer for random frames, fresh and reused", () => {
    footers.clear();
    messages.clear();
    fc.assert(
      fc.property(frameArbitrary, (frame) => assertSameBytes(frame, "random frame")),
      { numRuns: 300 },
    );
  });

  it("gives each shape that differs in one detail its own footer", () => {
    footers.clear();
    messages.clear();
    for (const [what, frame] of Object.entries(neighbours)) assertSameBytes(frame, what);
    // Every neighbour again, now that all their footers are cached side by side.
    for (const [what, frame] of Object.entries(neighbours)) assertSameBytes(frame, `${what} again`);
    const distinct = new Set(
      Object.values(neighbours).map((f) => Buffer.from(frameToArrow(f)).toString("hex")),
    );
    assert.equal(distinct.size, Object.keys(neighbours).length);
  });

  it("keeps at most its capacity, dropping the least recently used", () => {
    const cache = new EncodedCache(3, 1_000);
    let encodes = 0;
    const get = (key: string) => cache.get(key, () => Uint8Array.of(++encodes));
    const a = get("a");
    get("b");
    get("c");
    assert.equal(get("a"), a, "a reused");
    get("d"); // evicts b, the least recently used
    assert.equal(cache.size, 3);
    assert.equal(encodes, 4);
    assert.equal(get("a"), a, "a still there");
    get("b");
    assert.equal(encodes, 5, "b encoded again");
  });

  it("does not keep what has no key or too long a key", () => {
    const cache = new EncodedCache(3, 100);
    let encodes = 0;
    const encode = () => Uint8Array.of(++encodes);
    cache.get("x".repeat(101), encode);
    cache.get("x".repeat(101), encode);
    cache.get(undefined, encode);
    cache.get(undefined, encode);
    assert.equal(cache.size, 0);
    assert.equal(encodes, 4);
  });
});
