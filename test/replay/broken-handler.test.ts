/** Replay catches a handler that answers differently: exit 1, and the first differing path with both values. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { corpus, root, runShim } from "./run-shim.js";

const broken = (name: string) => join(root, "dist/test/replay", `${name}.js`);

test("int64 cells answered as doubles fail replay of the protocol-1 corpus", async () => {
  const ran = await runShim([
    "replay",
    join(corpus, "v1"),
    "--handler",
    broken("broken-legacy"),
    "--log-level",
    "off",
  ]);
  assert.equal(ran.code, 1, ran.stdout);
  assert.match(ran.stdout, /01-cell-kinds-1.json +v1 +MISMATCH/);
  assert.match(
    ran.stdout,
    /first difference at response\.results\[0\]\.tables\[0\]\.rows\[\d+\]\[\d+\]\n {4}expected: \{"int64":"[-\d]+"\}\n {4}actual: {3}\{"double":[-\d.e+]+\}/,
  );
  assert.match(ran.stdout, /\d+ fixtures: \d+ ok, \d+ mismatch/);
});

test("a float off by one fails replay of the protocol-2 corpus, named by field and row", async () => {
  const ran = await runShim([
    "replay",
    join(corpus, "v2", "02-floats-1.json"),
    "--handler",
    broken("broken-frames"),
    "--log-level",
    "off",
  ]);
  assert.equal(ran.code, 1, ran.stdout);
  assert.match(
    ran.stdout,
    /first difference at response\.responses\.A\.frames\[0\]\.fields\[\d+\]\.values\[\d+\]\n {4}expected: \S+\n {4}actual: {3}\S+/,
  );
});

test("the same fixtures pass with the faithful twins", async () => {
  const ran = await runShim([
    "replay",
    join(corpus, "v2", "02-floats-1.json"),
    "--handler",
    join(root, "dist/test/handlers/echo-frames.js"),
  ]);
  assert.equal(ran.code, 0, ran.stdout);
});
