/**
 * Datapoints read straight from the answer's bytes give what JSON.parse and the general
 * reader give: the same frames (as frame JSON and Arrow), the same errors, for random answers
 * with every number form, nulls, odd whitespace, escapes, tables, and points of other shapes.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { answerFrames } from "../../src/backends/simplejson/answer-frames.js";
import { answerQueryJson } from "../../src/backends/simplejson/answer-json.js";
import { splitDatapoints } from "../../src/backends/simplejson/datapoints-text.js";
import { parseQueryAnswer, parseQueryResults } from "../../src/backends/simplejson/parse-query.js";
import { toShimError } from "../../src/errors.js";
import { frameToArrow } from "../../src/frames/arrow/frames.js";
import { frameToJSON } from "../../src/frames/json/frames.js";

/** The frames (or the error) the general reader gives: JSON.parse, then parse-query. */
function general(text: string): string {
  try {
    return answerFrames(parseQueryAnswer(JSON.parse(text)))
      .map(frameToJSON)
      .join("\n");
  } catch (thrown) {
    return `error: ${toShimError(thrown).message}`;
  }
}

/** The same through the handler's reader, which cuts the plain datapoints out. */
function fast(text: string): string {
  try {
    const body = Buffer.from(text);
    const { json, columns } = answerQueryJson({ status: 200, headers: {}, body }, "POST /query");
    return answerFrames(parseQueryAnswer(json, columns)).map(frameToJSON).join("\n");
  } catch (thrown) {
    return `error: ${toShimError(thrown).message}`;
  }
}

/** The same frames, or the same error (which the handler's reader wraps when JSON.parse fails). */
function assertSame(text: string): void {
  const expected = general(text);
  const got = fast(text);
  if (got === expected) return;
  assert.ok(expected.startsWith("error: ") && got.startsWith("error: Simple JSON server"), got);
  assert.ok(got.includes(`not JSON (content-type none): ${expected.slice(7)}`), got);
}

const ws = fc.constantFrom("", " ", "\n", "\t ", "\r\n  ");
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom("0", "-0", "1e3", "1E+3", "-2.5e-3", "0.000001", "123456789012345678", "1e400"),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map(String),
  // Decimals as servers write them, 1 to 18 digits with a point anywhere (0.005, -12.345, …).
  fc.tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.nat(18)).map(([n, k]) => {
    const digits = (n < 0n ? -n : n).toString().padStart(k + 1, "0");
    const text = k === 0 ? digits : `${digits.slice(0, -k)}.${digits.slice(-k)}`;
    return n < 0n ? `-${text}` : text;
  }),
);
const timeText = fc.oneof(
  fc.integer({ min: -1e12, max: 4e12 }).map(String),
  fc.constantFrom("1700000000000.5", "1.7e12", "-0", "9007199254740993", "1e20", "0"),
);
const point = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .tuple(ws, fc.oneof(numberText, fc.constant("null")), ws, timeText, ws)
      .map(([a, v, b, t, c]) => `[${a}${v}${b},${t}${c}]`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '["1",2]',
      "[1,2,3]",
      "[1]",
      "[1,null]",
      '[1,"2"]',
      "[]",
      "{}",
      "[01,2]",
      "[1.,2]",
      "[+1,2]",
      "[1,2 ]",
      "[ -1 , -2 ]",
    ),
  },
);
const target = fc.oneof(
  fc.string().map((s) => JSON.stringify(s)),
  fc.constantFrom('"a\\"b"', '"\\u0064atapoints"', '"[[1,2]]"', "7"),
);
const series = fc
  .tuple(target, fc.array(point, { maxLength: 40 }), fc.boolean(), ws)
  .map(
    ([name, points, tags, s]) =>
      `{${s}"target"${s}:${s}${name},${s}"datapoints"${s}:${s}[${points.join(",")}]${tags ? ',"tags":{"k":"v","n":1}' : ""}}`,
  );
const item = fc.oneof(
  { weight: 8, arbitrary: series },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"type":"table","columns":[{"text":"t","type":"time"},{"text":"v"}],"rows":[[1700000000000,1.5],[1700000001000,null]]}',
      '{"columns":["a"],"rows":[["x"]],"datapoints":[[1,2]]}',
      '{"target":"dup","datapoints":[[1,2]],"datapoints":[[3,4]]}',
      '{"target":"dup2","datapoints":[[1,2]],"datapoints":[["x",1]]}',
      '{"target":"esc","data\\u0070oints":[[1,2]]}',
      '{"target":"nested","payload":{"datapoints":[[9,9]]},"datapoints":[[1,2],[3,4]]}',
      '{"target":"back","datapoints":[[2,20],[1,10]]}',
      '{"target":"far","datapoints":[[1,9300000000000]]}',
      "[1,2]",
      "7",
      '{"target":"x"}',
      "{}",
    ),
  },
);
const answer = fc
  .tuple(fc.array(item, { maxLength: 6 }), ws)
  .map(([items, s]) => `${s}[${s}${items.join(`${s},${s}`)}${s}]${s}`);

describe("datapoints read from the bytes", () => {
  test("give the general reader's frames and errors for random answers", () => {
    fc.assert(
      fc.property(answer, (text) => assertSame(text)),
      { numRuns: 1500 },
    );
  });

  test("broken JSON: the general reader's message", () => {
    for (const text of [
      '[{"target":"a","datapoints":[[1,2]]}',
      '[{"datapoints":[[1,2]]},]',
      "[1,,2]",
      "",
      '{"a":1}',
    ]) {
      assert.match(general(text), /^error: /);
      assertSame(text);
    }
  });

  test("plain datapoints become Float64Array columns, the rest stays for JSON.parse", () => {
    const text =
      '[{"target":"é ✓","datapoints":[[1.5,1000],[null,2000],[-0,3000]]},{"target":"b","datapoints":[["x",1]]}]';
    const split = splitDatapoints(Buffer.from(text));
    assert.ok(split);
    assert.equal(
      split.rest,
      '[{"target":"é ✓","datapoints":[]},{"target":"b","datapoints":[["x",1]]}]',
    );
    assert.deepEqual([...split.columns.keys()], [0]);
    const columns = split.columns.get(0)!;
    assert.deepEqual(Array.from(columns.times), [1000, 2000, 3000]);
    assert.deepEqual(columns.values, [1.5, null, -0]);
    assert.ok(Object.is(columns.values[2], -0));
  });

  test("results taken by place (one /query call for a request's targets) keep their columns", () => {
    const text =
      '[{"target":"a","datapoints":[[1,1000]]},{"target":"b","datapoints":[[2,2000],[3,3000]]}]';
    const { json, columns } = answerQueryJson(
      { status: 200, headers: {}, body: Buffer.from(text) },
      "POST /query",
    );
    const second = parseQueryResults([[1, (json as unknown[])[1]]], columns);
    const expected = parseQueryResults([[1, (JSON.parse(text) as unknown[])[1]]]);
    assert.deepEqual(
      answerFrames(second).map(frameToJSON),
      answerFrames(expected).map(frameToJSON),
    );
    assert.ok("columns" in (second.series[0] ?? {}));
  });

  test("a large answer: the same frames as Arrow, columns without a point array each", () => {
    const points = Array.from(
      { length: 100_000 },
      (_, i) => `[${i % 7 === 0 ? "null" : Math.sin(i)},${1.7e12 + i * 1000}]`,
    );
    const text = `[{"target":"big","datapoints":[${points.join(",")}]}]`;
    const { json, columns } = answerQueryJson(
      { status: 200, headers: {}, body: Buffer.from(text) },
      "POST /query",
    );
    const [frame] = answerFrames(parseQueryAnswer(json, columns));
    assert.ok(frame?.fields[0]?.values instanceof Float64Array);
    const [expected] = answerFrames(parseQueryAnswer(JSON.parse(text)));
    assert.deepEqual(frameToArrow(frame!), frameToArrow(expected!));
  });
});
