import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  Field as ArrowField,
  Binary,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import { narrowBigints, parseJsonExact, stringifyExact } from "../../../src/exact-json.js";
import { frameFromArrow, frameToArrow } from "../../../src/frames/arrow/frames.js";
import { readArrowFile } from "../../../src/frames/arrow/ipc-file.js";
import { decodeJsonColumn, encodeJsonColumn } from "../../../src/frames/arrow/json-cells.js";
import { assertInvalid, field } from "../helpers.js";

const utf8 = new TextEncoder();

/** An Arrow file of one Binary column "j" per batch of raw cell texts (null: a null row). */
function jsonFile(...batches: (string | null)[][]): Uint8Array {
  const schema = new Schema([new ArrowField("j", new Binary(), true)]);
  const records = batches.map((cells) => {
    const column = vectorFromArray(
      cells.map((cell) => (cell === null ? null : utf8.encode(cell))),
      new Binary(),
    );
    const data = makeData({
      type: new Struct(schema.fields),
      length: cells.length,
      children: [column.data[0]!],
    });
    return new RecordBatch(schema, data);
  });
  return tableToIPC(new Table(schema, records), "file");
}

/** The json column of an Arrow file read a whole column at a time (undefined: cell by cell). */
function wholeColumn(bytes: Uint8Array): unknown[] | undefined {
  const file = readArrowFile(bytes);
  const chunks = file.batches.map((batch) => batch.data.children[0]!);
  return decodeJsonColumn(
    chunks,
    file.batches.reduce((n, b) => n + b.numRows, 0),
    "j",
  );
}

/** Each cell read alone, the way the SDK's json.RawMessage cells are meant. */
function cellByCell(cells: (string | null)[]): unknown[] {
  return cells.map((cell) =>
    cell === null || cell === "" ? null : narrowBigints(parseJsonExact(cell, "cell")),
  );
}

/** The text of every cell of the json column of an Arrow file. */
function cellTexts(bytes: Uint8Array): (string | null)[] {
  const column = tableFromIPC(bytes).getChildAt(0)!;
  return Array.from({ length: column.length }, (_, i) => {
    const cell = column.get(i) as Uint8Array | null;
    return cell === null ? null : Buffer.from(cell).toString("utf8");
  });
}

const tricky = [
  '"a,b]}"',
  '{"k":"\\"},[","n":[1,{"m":[]}]}',
  '["\\\\",1]',
  '"é, ü, 😀"',
  " 7 ",
  "",
  null,
  "12345678901234567890",
  '{"id":9007199254740993,"s":"12345678901234567890"}',
  "12345678901234567000",
  "[1e400,-0,0.5]",
];

describe("Arrow json cells", () => {
  it("read as a whole column give what each cell gives alone", () => {
    assert.deepStrictEqual(wholeColumn(jsonFile(tricky)), cellByCell(tricky));
    assert.deepStrictEqual(frameFromArrow(jsonFile(tricky)).fields[0]?.values, cellByCell(tricky));
  });

  it("read across several record batches", () => {
    const bytes = jsonFile(tricky.slice(0, 4), [], tricky.slice(4));
    assert.deepStrictEqual(wholeColumn(bytes), cellByCell(tricky));
  });

  it("that only parse when joined still fail, naming the row", () => {
    const joinedLooksValid = [
      ["1", "1,2", "[3", "4]"],
      ["1", "[1", "]"],
      ["1", '"a', 'b"'],
      ["1", "{}{}"],
      ["1", " ", "2"],
      ["1", '"a\\', '"'],
      ["1", "]", "["],
    ];
    for (const cells of joinedLooksValid) {
      assert.equal(wholeColumn(jsonFile(cells)), undefined);
      assertInvalid(() => frameFromArrow(jsonFile(cells)), /field 0 "j" row 1 is not valid JSON/);
    }
  });

  it("are written as each cell's own JSON text", () => {
    const values = [
      { s: 'a,"b"]}\\', list: [1, [2, { t: "\u2028" }]] },
      "é, ü, 😀, lone \ud800",
      null,
      12345678901234567890n,
      { big: [-(2n ** 63n)], n: 1.5 },
      [undefined, () => 1],
      -0,
    ];
    // Top-level cells that JSON.stringify writes otherwise inside an array.
    const apart = [new Date(0), { toJSON: (key: string) => `key "${key}"` }];
    for (const nullable of [false, true]) {
      const frame = { fields: [field("j", "json", values, { nullable })] };
      assert.notEqual(encodeJsonColumn(frame.fields[0]!, values.length, new Binary()), undefined);
      for (const cells of [values, [...values, ...apart]]) {
        const bytes = frameToArrow({ fields: [field("j", "json", cells, { nullable })] });
        const texts = cells.map((value) =>
          value === null && nullable ? null : (stringifyExact(value) ?? ""),
        );
        assert.deepStrictEqual(cellTexts(bytes), texts);
      }
    }
  });

  it("that JSON cannot write fail, naming the row", () => {
    for (const bad of [undefined, () => 1, Symbol("s"), { toJSON: () => undefined }]) {
      assertInvalid(
        () => frameToArrow({ fields: [field("j", "json", [1, bad])] }),
        /field 0 "j" row 1: .* is not a JSON value/,
      );
    }
  });
});

// Pieces that make cells which are, or only look like, one JSON value; 2^53 has 16 digits
// yet is a double, 12345678901234567890 is not one.
const pieces = '[ ] { } , : " "a" 1 12345678901234567890 9007199254740992 - .5 e3 \\ null true'
  .split(" ")
  .concat([" ", "", "é", '"x\\"y"', "[1,2]", '{"k":[3]}']);

describe("Arrow json cells made of random pieces", () => {
  it("read as each cell alone reads: the same values or an error", () => {
    let state = 20261122;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    for (let run = 0; run < 5_000; run++) {
      const cells = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        next() < 0.15
          ? null
          : Array.from({ length: Math.floor(next() * 4) }, () => pick(pieces)).join(""),
      );
      let expected: unknown[] | undefined;
      try {
        expected = cellByCell(cells);
      } catch {
        expected = undefined;
      }
      const bytes = jsonFile(cells);
      const why = `run ${run}: ${JSON.stringify(cells)}`;
      if (expected === undefined) assertInvalid(() => frameFromArrow(bytes), /row \d+/);
      else assert.deepStrictEqual(frameFromArrow(bytes).fields[0]?.values, expected, why);
    }
  });
});
