/** Fixture files: bad input named, exact round trips, readable layout, secrets never written. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { parseFixture, readFixture, writeFixture } from "../../src/replay/fixture/fixture-file.js";
import { fixtureJson } from "../../src/replay/fixture/fixture-json.js";
import type { Fixture } from "../../src/replay/fixture/fixture-schema.js";
import { redactExchange, redacted, redactResponse } from "../../src/replay/fixture/redact.js";
import { exchangeToFixture } from "../../src/replay/fixture/to-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "fixture-file-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const v1: Fixture = {
  comment: "one query",
  protocol: "v1",
  source: { peer: "ref-plugin-v1" },
  recordedAt: "2026-01-02T03:04:05.000Z",
  volatile: [],
  request: {
    timeRange: { fromRaw: "now-1h", toRaw: "now", fromEpochMs: 1, toEpochMs: 2 },
    datasource: {
      id: 1,
      orgId: 1,
      name: "",
      type: "",
      url: "",
      jsonData: {},
      decryptedSecureJsonData: {},
    },
    queries: [
      { refId: "A", maxDataPoints: 1, intervalMs: 1, model: { big: 12345678901234567890n } },
    ],
  },
  response: {
    results: [
      {
        refId: "A",
        series: [
          {
            name: "s",
            points: [
              ["NaN", 1],
              [1.5, 2],
            ],
          },
        ],
        tables: [{ columns: ["i"], rows: [[{ int64: "9223372036854775807" }], [null]] }],
      },
    ],
  },
};

describe("bad fixtures get a message, never a throw", () => {
  const cases: [string, string, RegExp][] = [
    ["not JSON", '{"comment": ', /not valid JSON/],
    ["not an object", "[1, 2]", /not a fixture: \(root\)/],
    [
      "no note",
      JSON.stringify({ ...v1, comment: "", request: { ...v1.request, queries: [] } }, (_k, v) =>
        typeof v === "bigint" ? 1 : v,
      ),
      /comment: a fixture needs a short note/,
    ],
    ["unknown protocol", '{"comment":"x","protocol":"v3"}', /not a fixture: protocol/],
    [
      "a cell of no kind",
      fixtureJson({
        ...v1,
        response: {
          results: [
            { refId: "A", series: [], tables: [{ columns: ["c"], rows: [[{ decimal: "1" }]] }] },
          ],
        },
      }),
      /response/,
    ],
    ["a bad date", fixtureJson({ ...v1, recordedAt: "yesterday" }), /recordedAt/],
  ];
  for (const [name, text, message] of cases) {
    test(name, () => {
      const read = parseFixture(text);
      assert.equal(read.ok, false);
      if (!read.ok) assert.match(read.error, message);
    });
  }
  test("a file that cannot be read", () => {
    const read = readFixture(join(dir, "missing.json"));
    assert.ok(!read.ok && /cannot read/.test(read.error));
  });
});

test("written and read back exactly, 64-bit integers with every digit", () => {
  const file = join(dir, "sub", "v1.json");
  writeFixture(file, v1);
  const text = readFileSync(file, "utf8");
  assert.match(text, /"big": 12345678901234567890/);
  assert.match(text, /^\{\n {2}"comment": "one query",\n {2}"protocol": "v1",/);
  assert.match(text, /\[\{"int64": "9223372036854775807"\}\]/, "small cells on one line");
  const read = readFixture(file);
  assert.ok(read.ok);
  assert.deepEqual(read.fixture, v1);
});

describe("redaction", () => {
  test("secure settings and secret-named keys in the request, and their values anywhere", () => {
    const request = {
      datasource: {
        decryptedSecureJsonData: { apiKey: "k-123456", short: "ab" },
        jsonData: { region: "eu" },
      },
      headers: { Authorization: "Bearer tok-999", "content-type": "application/json" },
      queries: [{ model: { password: "hunter22", text: "select" } }],
    };
    const response = {
      echo: "used k-123456 and hunter22",
      model: { password: "hunter22" },
      auth: "Bearer tok-999",
    };
    const out = redactExchange(request, response);
    const text = JSON.stringify(out);
    for (const secret of ["k-123456", "tok-999", "hunter22"])
      assert.ok(!text.includes(secret), secret);
    assert.equal(out.request.datasource.decryptedSecureJsonData.short, redacted);
    assert.equal(out.request.headers["content-type"], "application/json");
    assert.equal(out.request.queries[0]?.model.text, "select");
    assert.equal(out.response.echo, `used ${redacted} and ${redacted}`);
  });

  test("a gateway's own secrets in a response", () => {
    const response = {
      body: {
        meta: {
          datasource: { decryptedSecureJsonData: { apiKey: "server-side" } },
          note: "key server-side",
        },
      },
    };
    const text = JSON.stringify(redactResponse(response));
    assert.ok(!text.includes("server-side"));
  });

  test("a recorded exchange never holds the secret", () => {
    const fixture = exchangeToFixture(
      {
        protocol: "v1",
        request: {
          timeRange: { fromRaw: "", toRaw: "", fromMs: 0, toMs: 0 },
          datasource: {
            id: 1,
            orgId: 1,
            name: "",
            type: "",
            url: "",
            jsonData: {},
            decryptedSecureJsonData: { pw: "s3cret-pw" },
          },
          queries: [{ refId: "A", maxDataPoints: 0, intervalMs: 0, model: {} }],
        },
        outcome: { ok: true, value: [{ refId: "A", meta: { echo: "s3cret-pw" } }] },
      },
      { peer: "p", at: new Date(0) },
    );
    writeFileSync(join(dir, "r.json"), fixtureJson(fixture));
    assert.ok(!readFileSync(join(dir, "r.json"), "utf8").includes("s3cret-pw"));
    assert.match(fixture.comment, /v1 exchange with p, queries A/);
  });
});
