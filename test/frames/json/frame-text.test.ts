import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseJsonExact } from "../../../src/exact-json.js";
import { frameFromText } from "../../../src/frames/json/frame-text.js";
import { frameFromJSON, frameToJSON } from "../../../src/frames/json/frames.js";
import type { Frame } from "../../../src/model/frame.js";
import { frameArbitrary } from "../frame-arbitrary.js";
import { assertSameFrame } from "../helpers.js";
import { allTypesFrame, seriesFrames } from "../sample-frames.js";

// frameFromJSON reads frame JSON straight from its text (frame-text.ts) or, for other
// layouts, from JSON.parse with 64-bit integers made exact; reading the exactly parsed
// document (the whole text parsed again with bigints) is the reference both must agree with.
function assertAsWholeParse(text: string): void {
  const outcome = (read: () => unknown) => {
    try {
      return { frame: read() };
    } catch (thrown) {
      return { error: String(thrown) };
    }
  };
  const fast = outcome(() => frameFromJSON(text));
  const whole = outcome(() => frameFromJSON(parseJsonExact(text, "frame JSON")));
  assert.equal(fast.error, whole.error);
  if (whole.frame !== undefined) assertSameFrame(fast.frame as never, whole.frame as never);
}

/** The text with whitespace around every structural character outside strings. */
function spaced(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === "\\") out += text[++i];
      else if (char === '"') inString = false;
    } else if (char === '"') {
      out += char;
      inString = true;
    } else out += "[]{},:".includes(char) ? ` \n${char}\t\r ` : char;
  }
  return out;
}

const schema = (...types: string[]) =>
  `"schema":{"fields":[${types.map((t) => `{"type":"number","typeInfo":{"frame":"${t}"}}`).join(",")}]}`;
const BIG = "12345678901234567890";
const INT64_MAX = "9223372036854775807";

// Times past this many ms from the epoch are read the general way.
const SCANNED_MS = 9223372036853;

function scannable(frame: Frame): boolean {
  return frame.fields.every(
    (field) =>
      field.type !== "time" ||
      Array.from(field.values as ArrayLike<number | null>).every(
        (ms) => ms === null || Math.abs(ms) <= SCANNED_MS,
      ),
  );
}

describe("frame JSON in the SDK's layout", () => {
  it("is read from its text, not the general way, with every type, null and extreme", () => {
    for (const frame of [allTypesFrame(), ...seriesFrames(2, 50)]) {
      const text = frameToJSON(frame);
      const read = frameFromText(text);
      assert.ok(read, `${frame.name} was read the general way`);
      assertSameFrame(read, frameFromJSON(parseJsonExact(text, "frame JSON")));
      assertSameFrame(read, frame);
    }
    fc.assert(
      fc.property(frameArbitrary, fc.boolean(), (frame, space) => {
        fc.pre(scannable(frame));
        const text = space ? spaced(frameToJSON(frame)) : frameToJSON(frame);
        const read = frameFromText(text);
        assert.ok(read, text.slice(0, 300));
        assertSameFrame(read, frameFromJSON(parseJsonExact(text, "frame JSON")));
      }),
      { numRuns: 300 },
    );
  });

  it("reads number literals as JSON.parse does", () => {
    const floats = ["-0", "0.1", "1e2", "-1.5E-3", "123456789012345678", "0.30000000000000004"];
    const ints = ["-0", "1.0", "1e2", "127", "-128"];
    const text = `{${schema("float64", "int8")},"data":{"values":[[${floats.join(",")}, null],[${ints.join(",")},null,0]]}}`;
    const read = frameFromText(text);
    assert.ok(read);
    assert.deepStrictEqual(Array.from(read.fields[0]!.values), [...floats.map(Number), null]);
    assert.deepStrictEqual(Array.from(read.fields[1]!.values), [0, 1, 100, 127, -128, null, 0]);
    for (const bad of ["01", "1.", ".5", "+1", "-", "1e", "NaN", "0x10"]) {
      assert.equal(
        frameFromText(`{${schema("float64")},"data":{"values":[[${bad}]]}}`),
        undefined,
        bad,
      );
    }
  });
});

describe("long number literals and booleans read from frame JSON text", () => {
  // 16-17 digit literals are scanned like the others (text-cells.test.ts checks their
  // rounding); booleans are read through JSON.parse of the column's text.
  const longs = (n: number) =>
    Array.from({ length: n }, (_, i) => String((i % 2 ? -1 : 1) * (i + Math.PI / 7)));
  const boolSchema = `"schema":{"fields":[{"type":"number","typeInfo":{"frame":"float64"}},{"type":"boolean","typeInfo":{"frame":"bool"}}]}`;
  const frameText = (floats: string[], bools: string[], space = "") =>
    `{${boolSchema},"data":{"values":[[${floats.join(`,${space}`)}],[${bools.join(`,${space}`)}]]}}`;

  it("reads them as JSON.parse does, nulls and whitespace included", () => {
    const floats = longs(100);
    floats[70] = "null";
    floats[3] = "1.5";
    const bools = floats.map((_, i) => (i === 5 ? "null" : String(i % 3 === 0)));
    for (const space of ["", " ", "\n "]) {
      const text = frameText(floats, bools, space);
      const read = frameFromText(text);
      assert.ok(read, space);
      assert.deepStrictEqual(
        Array.from(read.fields[0]!.values),
        floats.map((f) => (f === "null" ? null : Number(f))),
      );
      assert.deepStrictEqual(Array.from(read.fields[1]!.values), JSON.parse(`[${bools}]`));
      assertAsWholeParse(text);
    }
  });

  it("leave a bad cell, or a row too many, to the general reader", () => {
    const bools = longs(100).map(() => "true");
    for (const bad of ["01", "1.", '"1"', "true", "[1]", "{}", "NaN", "1e999x"]) {
      const floats = longs(100);
      floats[80] = bad;
      const text = frameText(floats, bools);
      assert.equal(frameFromText(text), undefined, bad);
      assertAsWholeParse(text);
    }
    for (const bad of ["1", '"true"', "[true]", "nul", "True"]) {
      const flags = [...bools];
      flags[60] = bad;
      const text = frameText(longs(100), flags);
      assert.equal(frameFromText(text), undefined, bad);
      assertAsWholeParse(text);
    }
    // A second column longer than the first.
    assertAsWholeParse(frameText(longs(100), [...bools, "false"]));
    assertAsWholeParse(
      `{${schema("float64", "float64")},"data":{"values":[[${longs(50)}],[${longs(51)}]]}}`,
    );
  });
});

describe("64-bit columns read from frame JSON text", () => {
  it("agree with the exact parse of the whole text on random frames, compact or spaced", () => {
    fc.assert(
      fc.property(frameArbitrary, fc.boolean(), (frame, space) => {
        const text = frameToJSON(frame);
        assertAsWholeParse(space ? spaced(text) : text);
      }),
      { numRuns: 300 },
    );
  });

  it("keep extremes, -0 and nulls exact", () => {
    const text = `{${schema("int64", "uint64")},"data":{"values":[[${INT64_MAX},-9223372036854775808,-0,null,-4294967296,4294967295],[18446744073709551615,${BIG},0,null,4294967296,1]]}}`;
    const frame = frameFromJSON(text);
    assert.deepStrictEqual(frame.fields[0]?.values, [
      2n ** 63n - 1n,
      -(2n ** 63n),
      0n,
      null,
      -(2n ** 32n),
      2n ** 32n - 1n,
    ]);
    assert.deepStrictEqual(frame.fields[1]?.values, [
      2n ** 64n - 1n,
      BigInt(BIG),
      0n,
      null,
      2n ** 32n,
      1n,
    ]);
  });

  it("agree with the whole parse on unusual texts", () => {
    const texts = [
      // float and exponent literals beside big ones; out-of-range and negative uint64
      `{${schema("int64")},"data":{"values":[[1.0,1e2,${INT64_MAX}]]}}`,
      `{${schema("int64")},"data":{"values":[[9223372036854775808,${INT64_MAX}]]}}`,
      `{${schema("uint64")},"data":{"values":[[-1,${BIG}]]}}`,
      `{${schema("uint64")},"data":{"values":[[123456789012345678901,${BIG}]]}}`,
      // repeated keys: JSON.parse keeps the last
      `{${schema("int64")},"data":{"values":[[${INT64_MAX}]]},"data":{"values":[[9223372036854775806]]}}`,
      `{${schema("int64")},"data":{"values":[[${INT64_MAX}]],"values":[[9223372036854775806]]}}`,
      `{${schema("string", "int64")},"data":{"values":[["]",[1]],[${BIG}]]},"data":{"values":[["a"],[${INT64_MAX}]]}}`,
      // escaped keys, strings holding brackets before the column, json cells with big integers
      `{${schema("string", "int64")},"d\\u0061ta":{"v\\u0061lues":[["]\\"[",null],[${INT64_MAX},1]]}}`,
      `{${schema("json", "int64")},"data":{"values":[[{"a":${BIG}},[1]],[${INT64_MAX},1]]}}`,
      // big integers where only the whole parse keeps them: entities, nanos, other types
      `{${schema("int64")},"data":{"values":[[${INT64_MAX}]],"entities":[{"NaN":[${BIG}]}]}}`,
      `{${schema("int64", "int32")},"data":{"values":[[${INT64_MAX}],[${BIG}]]}}`,
      `{${schema("int64")},"data":{"values":[[${INT64_MAX}, "x"]]}}`,
      `{${schema("int64")},"data":{"values":[[${INT64_MAX}, [1]]]}}`,
      `{${schema("int64")},"data":{"values":[[${INT64_MAX}]],"nanos":[[1]]}}`,
    ];
    for (const text of texts) {
      assertAsWholeParse(text);
      assertAsWholeParse(spaced(text));
    }
  });
});

/** A deterministic PRNG (LCG), so a failing mutation can be replayed from its seed. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const structural = '[]{},:"0123456789-e. \\\n';

/** One to three edits: delete, insert or replace a structural character, add a big integer, repeat `data`. */
function mutate(text: string, next: () => number): string {
  for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
    const at = Math.floor(next() * text.length);
    const char = structural[Math.floor(next() * structural.length)];
    const kind = next();
    if (kind < 0.3) text = text.slice(0, at) + text.slice(at + 1);
    else if (kind < 0.6) text = text.slice(0, at) + char + text.slice(at);
    else if (kind < 0.8) text = text.slice(0, at) + char + text.slice(at + 1);
    else if (kind < 0.9) text = text.slice(0, at) + BIG + text.slice(at);
    else {
      const data = text.indexOf('"data"');
      if (data > 0) text = `${text.slice(0, data)}${text.slice(data, -1)},${text.slice(data)}`;
    }
  }
  return text;
}

describe("frame JSON text with random edits", () => {
  it("reads as the whole parse does: the same frame or the same error", () => {
    const next = lcg(20261122);
    const texts = fc.sample(frameArbitrary, { numRuns: 200, seed: 7 }).map(frameToJSON);
    for (let run = 0; run < 20_000; run++) {
      const text = mutate(texts[run % texts.length]!, next);
      assert.doesNotThrow(() => assertAsWholeParse(text), `run ${run}: ${text.slice(0, 300)}`);
    }
  });
});
