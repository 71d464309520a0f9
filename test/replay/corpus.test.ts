/**
 * The recorded corpus (test/fixtures/recorded, scripts/record-corpus.mjs) replayed
 * against the shim: protocol-1 and protocol-2 fixtures against the shim running
 * the TypeScript twins of the Go reference plugins, and against the Go plugins
 * themselves; HTTP fixtures against serve-http wrapping the Go plugins, the
 * twins, and the simplejson handler over the classic Simple JSON test server.
 * Every target is a real process started by `grafana-shim replay`.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { readFixture } from "../../src/replay/fixture/fixture-file.js";
import type { Fixture } from "../../src/replay/fixture/fixture-schema.js";
import { cleanEnv } from "../clean-env.js";
import { startClassicServer } from "../simple-json-servers/classic.js";
import {
  corpus,
  datasources,
  echoFrames,
  echoLegacy,
  type Ran,
  refV1,
  refV2,
  runShim,
} from "./run-shim.js";

interface Entry {
  readonly file: string;
  readonly fixture: Fixture;
}

const entries: Entry[] = ["v1", "v2", "tsdb-http", "ds-http"].flatMap((group) =>
  readdirSync(join(corpus, group))
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((name) => {
      const file = join(corpus, group, name);
      const read = readFixture(file);
      assert.ok(read.ok, `${file}: ${read.ok ? "" : read.error}`);
      return { file, fixture: read.fixture };
    }),
);

const json = (value: unknown) =>
  JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
const files = (pick: (f: Fixture) => boolean) =>
  entries.filter((e) => pick(e.fixture)).map((e) => e.file);
const http = (f: Fixture) => f.protocol === "tsdb-http" || f.protocol === "ds-http";
/** A handler's failures are data, so a gRPC-error answer can only come from a plugin. */
const grpcError = (f: Fixture) => "grpcError" in f.response;

function assertAllMatch(ran: Ran, count: number): void {
  assert.equal(ran.code, 0, `replay failed:\n${ran.stdout}\n${ran.stderr.slice(-4000)}`);
  assert.match(ran.stdout, new RegExp(`${count} fixtures: ${count} ok`));
}

describe("the corpus", () => {
  test("holds at least 60 fixtures covering every kind, type, special value and protocol", () => {
    assert.ok(entries.length >= 60, `${entries.length} fixtures`);
    const text = entries.map((e) => json(e.fixture));
    const all = text.join("\n");
    for (const kind of ["double", "int64", "bool", "string", "bytes"])
      assert.match(all, new RegExp(`\\{"${kind}":`), `cell kind ${kind}`);
    assert.match(all, /"rows":\[\[[^\]]*null/, "null cells");
    for (const type of [
      "time.Time",
      "int8",
      "int16",
      "int32",
      "int64",
      "uint8",
      "uint16",
      "uint32",
      "uint64",
      "float32",
      "float64",
      "string",
      "bool",
      "json.RawMessage",
      "enum",
    ]) {
      assert.ok(all.includes(`"frame":"${type}"`), `field type ${type}`);
    }
    assert.match(all, /\["NaN",\d+\]/, "NaN points");
    for (const entity of ['"NaN":', '"Inf":', '"NegInf":'])
      assert.ok(all.includes(entity), `${entity} entities`);
    assert.match(all, /"nullable":true/, "nullable fields");
    assert.match(
      all,
      /"results":\[\{"refId":"[^"]*","series":\[\],"tables":\[\]\}/,
      "an empty v1 result",
    );
    assert.match(all, /"error":"/, "error results");
    assert.ok(
      entries.some((e) => grpcError(e.fixture)),
      "a gRPC error",
    );
    assert.ok(
      entries.some((e) => json(e.fixture.request).split('"refId"').length > 3),
      "several queries per request",
    );
    for (const p of ["v1", "v2", "tsdb-http", "ds-http"])
      assert.ok(
        entries.some((e) => e.fixture.protocol === p),
        p,
      );
    assert.ok(
      entries.some((e) => e.fixture.volatile.length > 0),
      "volatile fields declared",
    );
    assert.ok(!all.includes("corpus-secret-value"), "no secret in any fixture");
  });

  test("protocol 1 against the shim running echo-legacy", async () => {
    const v1 = files((f) => f.protocol === "v1" && !grpcError(f));
    assertAllMatch(
      await runShim(["replay", ...v1, "--handler", echoLegacy, "--log-level", "off"]),
      v1.length,
    );
  });

  test("protocol 1 against the Go plugin itself", async () => {
    const v1 = files((f) => f.protocol === "v1");
    assertAllMatch(
      await runShim(["replay", ...v1, "--plugin", refV1, "--log-level", "off"]),
      v1.length,
    );
  });

  test("protocol 2 against the shim running echo-frames", async () => {
    const v2 = files((f) => f.protocol === "v2");
    assertAllMatch(
      await runShim(["replay", ...v2, "--handler", echoFrames, "--log-level", "off"]),
      v2.length,
    );
  });

  test("protocol 2 against the Go SDK plugin itself", async () => {
    const v2 = files((f) => f.protocol === "v2");
    assertAllMatch(
      await runShim(["replay", ...v2, "--plugin", refV2, "--log-level", "off"]),
      v2.length,
    );
  });

  test("HTTP fixtures of ref-plugin-v1 against serve-http wrapping it", async () => {
    const list = files((f) => http(f) && f.source.peer === "ref-plugin-v1");
    const args = [
      "replay",
      ...list,
      "--plugin",
      refV1,
      "--datasources",
      datasources,
      "--log-level",
      "off",
    ];
    assertAllMatch(await runShim(args), list.length);
  });

  test("HTTP fixtures of ref-plugin-v2 against serve-http wrapping it, and running echo-frames", async () => {
    const list = files((f) => http(f) && f.source.peer === "ref-plugin-v2");
    for (const target of [
      ["--plugin", refV2],
      ["--handler", echoFrames],
    ]) {
      const args = [
        "replay",
        ...list,
        ...target,
        "--datasources",
        datasources,
        "--log-level",
        "off",
      ];
      assertAllMatch(await runShim(args), list.length);
    }
  });

  test("Simple JSON fixtures against the simplejson handler and the classic test server", async () => {
    const list = files((f) => http(f) && f.source.peer.startsWith("simple-json"));
    assert.ok(list.length > 0);
    const server = await startClassicServer();
    try {
      const args = [
        "replay",
        ...list,
        "--handler",
        "simplejson",
        "--datasources",
        datasources,
        "--log-level",
        "off",
      ];
      assertAllMatch(await runShim(args, cleanEnv({ SIMPLE_JSON_URL: server.url })), list.length);
    } finally {
      await server.close();
    }
  });
});
