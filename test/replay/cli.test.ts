/** `grafana-shim replay` from the outside: usage errors, --update and its CI guard, targets that cannot answer. */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { corpus, echoLegacy, refV1, runShim } from "./run-shim.js";

const dir = mkdtempSync(join(tmpdir(), "replay-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const fixture = join(corpus, "v1", "03-series-1.json");

describe("usage errors exit 2 with a message", () => {
  const cases: [string, string[], RegExp][] = [
    ["no fixtures", ["replay", "--plugin", refV1], /name at least one fixture file or folder/],
    [
      "no target",
      ["replay", fixture],
      /choose exactly one target: --handler, --plugin or --gateway/,
    ],
    [
      "two targets",
      ["replay", fixture, "--plugin", refV1, "--handler", "demo"],
      /exactly one target/,
    ],
    [
      "a missing fixture path",
      ["replay", join(dir, "nope.json"), "--plugin", refV1],
      /nope.json does not exist/,
    ],
    [
      "a gateway that is not a URL",
      ["replay", fixture, "--gateway", "localhost:3000"],
      /is not an http\(s\) URL/,
    ],
    ["an unknown option", ["replay", fixture, "--plugn", refV1], /Unknown option '--plugn'/],
    [
      "--html with a folder",
      ["replay", fixture, "--plugin", refV1, "--html", `${dir}/`],
      /--html needs a file name/,
    ],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const ran = await runShim(args);
      assert.equal(ran.code, 2);
      assert.match(ran.stderr, message);
      assert.match(ran.stderr, /Usage: grafana-shim replay/);
    });
  }
  test("--help", async () => {
    const ran = await runShim(["replay", "--help"]);
    assert.equal(ran.code, 0);
    assert.match(ran.stdout, /--update +rewrite the expected response/);
    assert.match(
      ran.stdout,
      /--html <file> +also write the report as one self-contained HTML file/,
    );
  });
});

/** A copy of a fixture whose expectation is wrong: a point of the response changed. */
function wrongCopy(name: string): string {
  const file = join(dir, name);
  const text = readFileSync(fixture, "utf8");
  // The last series is the response's (the first ones are in the request's model).
  const at = text.lastIndexOf('"points": [');
  writeFileSync(file, text.slice(0, at) + text.slice(at).replace(/\[([-\d.e]+), /, "[12345.5, "));
  return file;
}

describe("--update", () => {
  test("is refused when CI is set, and the fixture stays as it was", async () => {
    const file = wrongCopy("ci.json");
    const before = readFileSync(file, "utf8");
    const ran = await runShim(
      ["replay", file, "--plugin", refV1, "--update"],
      cleanEnv({ CI: "true" }),
    );
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /--update is refused when CI is set/);
    assert.equal(readFileSync(file, "utf8"), before);
  });

  test("rewrites a mismatching expectation; the next replay matches", async () => {
    const file = wrongCopy("update.json");
    const first = await runShim(["replay", file, "--plugin", refV1]);
    assert.equal(first.code, 1);
    assert.match(
      first.stdout,
      /first difference at response\.results\[0\]\.series\[\d+\]\.points\[0\]\[0\]\n {4}expected: 12345\.5/,
    );
    const updated = await runShim(
      ["replay", file, "--plugin", refV1, "--update"],
      cleanEnv({ CI: "false" }),
    );
    assert.equal(updated.code, 0, updated.stdout);
    assert.match(updated.stdout, /updated/);
    assert.match(readFileSync(file, "utf8"), /"updatedAt": "/);
    assert.equal((await runShim(["replay", file, "--plugin", refV1])).code, 0);
  });
});

describe("what a target cannot answer is an error, not a crash", () => {
  test("protocol-1 fixtures sent to a gateway", async () => {
    const ran = await runShim(["replay", fixture, "--gateway", "http://127.0.0.1:9"]);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, /ERROR/);
    assert.match(
      ran.stdout,
      /an HTTP gateway does not answer v1 fixtures \(only tsdb-http and ds-http\)/,
    );
  });

  test("protocol-2 fixtures sent to a protocol-1 plugin", async () => {
    const ran = await runShim([
      "replay",
      join(corpus, "v2", "01-integers-1.json"),
      "--plugin",
      refV1,
    ]);
    assert.equal(ran.code, 1);
    assert.match(
      ran.stdout,
      /the target does not answer protocol 2: Incompatible API version with plugin. Plugin version: 1, Client versions: \[2\]/,
    );
  });

  test("a plugin that does not exist", async () => {
    const ran = await runShim(["replay", fixture, "--plugin", join(dir, "gone")]);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, /plugin executable .*gone does not exist/);
  });

  test("a gateway nobody listens on", async () => {
    const ran = await runShim([
      "replay",
      join(corpus, "tsdb-http", "tsdb-v1-empty.json"),
      "--gateway",
      "http://127.0.0.1:9",
    ]);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, /cannot reach http:\/\/127\.0\.0\.1:9\/api\/tsdb\/query/);
  });

  test("files that are not fixtures, beside good ones", async () => {
    const folder = join(dir, "mixed");
    mkdirSync(folder);
    copyFileSync(fixture, join(folder, "a-good.json"));
    writeFileSync(join(folder, "b-broken.json"), '{"comment": "cut off"');
    writeFileSync(
      join(folder, "c-other.json"),
      JSON.stringify({ comment: "x", protocol: "v1", request: {} }),
    );
    const ran = await runShim(["replay", folder, "--handler", echoLegacy]);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, /a-good.json +v1 +ok/);
    assert.match(ran.stdout, /INVALID [^\n]*b-broken.json\n {2}the file is not valid JSON/);
    assert.match(ran.stdout, /INVALID [^\n]*c-other.json\n {2}not a fixture: source: /);
    assert.match(ran.stdout, /3 fixtures: 1 ok, 2 invalid/);
  });
});
