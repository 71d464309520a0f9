import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BinaryView,
  type DataType,
  LargeBinary,
  LargeUtf8,
  Table,
  tableToIPC,
  Utf8View,
  vectorFromArray,
} from "apache-arrow";
import { ShimError } from "../../../src/errors.js";
import { frameFromArrow, frameToArrow } from "../../../src/frames/arrow/frames.js";
import { readArrowFile } from "../../../src/frames/arrow/ipc-file.js";
import { plainTextChunks } from "../../../src/frames/arrow/strings.js";
import { field } from "../helpers.js";

const utf8 = new TextEncoder();
const texts = ["a", null, "", "été ❤️", "a somewhat longer cell value", "twelve bytes"];
const jsons = ['{"a":1}', null, "", "[1,2]", '{"long":"a value over twelve bytes"}'];

/** An Arrow file (written by apache-arrow itself) of one column "c" of `type`. */
function fileOf(type: DataType, cells: (string | null)[]): Uint8Array {
  const binary = type instanceof LargeBinary || type instanceof BinaryView;
  const values = cells.map((cell) => (cell === null || !binary ? cell : utf8.encode(cell)));
  return tableToIPC(new Table({ c: vectorFromArray(values, type) }), "file");
}

/** The column chunks of a file as the decoder sees them (views into a copy of the file). */
function chunksOf(bytes: Uint8Array) {
  return readArrowFile(bytes).batches.map((batch) => batch.data.children[0]!);
}

describe("Arrow large and view text layouts (newer writers)", () => {
  it("read LargeUtf8 and Utf8View columns as string fields", () => {
    for (const type of [new LargeUtf8(), new Utf8View()]) {
      const field = frameFromArrow(fileOf(type, texts)).fields[0]!;
      assert.equal(field.type, "string", String(type));
      assert.deepStrictEqual(field.values, texts, String(type));
    }
  });

  it("read LargeBinary and BinaryView columns as json fields", () => {
    const expected = jsons.map((text) => (text === null || text === "" ? null : JSON.parse(text)));
    for (const type of [new LargeBinary(), new BinaryView()]) {
      const field = frameFromArrow(fileOf(type, jsons)).fields[0]!;
      assert.equal(field.type, "json", String(type));
      assert.deepStrictEqual(field.values, expected, String(type));
    }
  });

  it("reject a view pointing past its buffer, naming the field", () => {
    const [chunk] = chunksOf(fileOf(new Utf8View(), ["a somewhat longer cell value"]));
    const views = new DataView(chunk!.values.buffer, chunk!.values.byteOffset, 16);
    views.setInt32(12, 1000, true); // the long string's offset in its buffer
    assert.throws(() => plainTextChunks([chunk!], 'field 0 "c"'), /string view out of range/);
    views.setInt32(12, 0, true);
    views.setInt32(8, 7, true); // a buffer that is not there
    assert.throws(() => plainTextChunks([chunk!], 'field 0 "c"'), /string view out of range/);
  });

  it("reject large offsets going backwards or past the data", () => {
    const [chunk] = chunksOf(fileOf(new LargeUtf8(), ["ab", "cd"]));
    const offsets = chunk!.valueOffsets as unknown as BigInt64Array;
    offsets[2] = 1n << 40n;
    assert.throws(() => plainTextChunks([chunk!], "c"), /past the data/);
    offsets[2] = 1n;
    assert.throws(() => plainTextChunks([chunk!], "c"), /go backwards/);
  });

  it("garbled bytes of such files: a frame or invalid_argument, never a crash", () => {
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (const type of [new LargeUtf8(), new Utf8View(), new BinaryView()]) {
      const base = fileOf(type, type instanceof BinaryView ? jsons : texts);
      for (let round = 0; round < 300; round++) {
        const bytes = base.slice();
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        try {
          frameFromArrow(bytes);
        } catch (thrown) {
          assert.ok(
            thrown instanceof ShimError,
            `${String(type)} round ${round}: ${String(thrown)}`,
          );
        }
      }
    }
  });
});

describe("Arrow string cells", () => {
  it("read back exactly when cells repeat, collide in the cache or stop repeating", () => {
    // Same length, first, middle and last character: one cache slot, different texts.
    const alike = ["abxyz", "acxwz", "abxyz", "adxqz", "acxwz", ""];
    const distinct = Array.from({ length: 2000 }, (_, i) => `host-${i}`);
    const values = [...alike, ...distinct, ...alike, ...distinct.slice(0, 50), ...alike];
    for (const nullable of [false, true]) {
      const cells = nullable ? values.map((v, i) => (i % 5 === 1 ? null : v)) : values;
      const frame = { fields: [field("s", "string", cells, { nullable })] };
      assert.deepStrictEqual(frameFromArrow(frameToArrow(frame)).fields[0]?.values, cells);
    }
  });

  it("write cells of every size and script, however far the data outgrows its first guess", () => {
    const pieces = ["a", "é", "❤️", "😀", "ab\u0000", "日本語"];
    const cells = Array.from({ length: 3000 }, (_, i) =>
      pieces[i % pieces.length]!.repeat(i % 7 === 0 ? 300 + i : i % 13),
    );
    const frame = { fields: [field("s", "string", cells)] };
    const bytes = frameToArrow(frame);
    assert.deepStrictEqual(frameFromArrow(bytes).fields[0]?.values, cells);
    const column = chunksOf(bytes)[0]!;
    assert.equal(column.values.length, utf8.encode(cells.join("")).length);
  });

  it("keep a surrogate pair split across two cells as two U+FFFD", () => {
    const frame = { fields: [field("s", "string", ["a\ud83d", "\ude00b", "ok"])] };
    assert.deepStrictEqual(frameFromArrow(frameToArrow(frame)).fields[0]?.values, [
      "a\ufffd",
      "\ufffdb",
      "ok",
    ]);
  });
});
