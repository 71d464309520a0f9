/**
 * The shim's time parsing against grafana-plugin-sdk-go's own (test/go/gtime,
 * built into test/.bin/gtime-oracle): every corpus string, as `from` and as
 * `to`, at several "now"s, must give the same epoch milliseconds or fail in both.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseTime } from "../../src/time/time-range.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const oracle = join(root, "test/.bin/gtime-oracle");
const corpus = JSON.parse(readFileSync(join(root, "test/fixtures/http/time-corpus.json"), "utf8"));

interface Answer {
  readonly nowMs: number;
  readonly raw: string;
  readonly from: number | null;
  readonly to: number | null;
}

// go-datemath reads bare epoch-ms anchors (`12345||`) in the local zone; Grafana servers run UTC.
const answers: Answer[] = JSON.parse(
  execFileSync(oracle, {
    input: JSON.stringify(corpus),
    env: { ...process.env, TZ: "UTC" },
  }).toString(),
);

test("the corpus has at least 40 strings, parsable and not", () => {
  assert.ok(corpus.times.length >= 40);
  assert.ok(answers.some((a) => a.from === null));
  assert.ok(answers.filter((a) => a.from !== null).length >= 40 * corpus.nowMs.length);
});

test("from and to parse as gtime parses them", () => {
  const differences: string[] = [];
  for (const a of answers) {
    const from = parseTime(a.raw, { nowMs: a.nowMs, roundUp: false }) ?? null;
    const to = parseTime(a.raw, { nowMs: a.nowMs, roundUp: true }) ?? null;
    if (from !== a.from || to !== a.to) {
      differences.push(
        `${JSON.stringify(a.raw)} at ${a.nowMs}: shim ${from}/${to}, gtime ${a.from}/${a.to}`,
      );
    }
  }
  assert.deepEqual(differences, []);
});

test("where gtime's int64 nanoseconds wrap, the shim is right or refuses", () => {
  for (const [raw, expected] of Object.entries(corpus.overflow as Record<string, number | null>)) {
    assert.equal(parseTime(raw, { nowMs: 0, roundUp: false }) ?? null, expected, raw);
  }
});
