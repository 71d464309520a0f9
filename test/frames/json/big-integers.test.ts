import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseJsonExact } from "../../../src/exact-json.js";
import { frameFromJSON, frameToJSON } from "../../../src/frames/json/frames.js";
import { frameArbitrary } from "../frame-arbitrary.js";
import { assertSameFrame } from "../helpers.js";

// frameFromJSON reads 64-bit columns from their text; reading the exactly parsed document
// (the whole text parsed again with bigints) is the reference it must agree with.
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
