/** A child's stderr re-logged as go-plugin hosts do: hclog levels kept, prefixes read, the rest debug. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseChildLogLine, relogChildLine } from "../../src/client/child-log.js";
import { createLogger } from "../../src/log/logger.js";

test("hclog JSON lines keep level, message and fields", () => {
  const line = JSON.stringify({
    "@level": "WARN",
    "@message": "slow upstream",
    "@module": "ref-plugin-v1",
    "@timestamp": "2026-01-02T15:04:05.123456Z",
    "@caller": "main.go:12",
    ms: 1200,
  });
  assert.deepEqual(parseChildLogLine(line), {
    level: "warn",
    message: "slow upstream",
    fields: { module: "ref-plugin-v1", caller: "main.go:12", ms: 1200 },
  });
});

test("unknown levels and non-string messages are safe", () => {
  assert.equal(parseChildLogLine('{"@level":"fatal","@message":"x"}').level, "debug");
  assert.equal(parseChildLogLine('{"@level":3,"@message":{"a":1}}').message, '{"a":1}');
});

test("plain lines: [LEVEL] prefixes as in go-plugin, else debug", () => {
  assert.equal(parseChildLogLine("[ERROR] disk full").level, "error");
  assert.equal(parseChildLogLine("[INFO] ready").level, "info");
  assert.deepEqual(parseChildLogLine("panic: oops"), {
    level: "debug",
    message: "panic: oops",
    fields: {},
  });
  assert.equal(parseChildLogLine("[1,2]").level, "debug");
});

test("re-logged lines are the shim's own hclog lines, at the child's level", () => {
  const lines: string[] = [];
  const log = createLogger({ level: "info", module: "grafana-shim", write: (l) => lines.push(l) });
  relogChildLine(log, '{"@level":"error","@message":"boom","@module":"p","k":"v"}');
  relogChildLine(log, '{"@level":"debug","@message":"hidden"}');
  relogChildLine(log, "");
  assert.equal(lines.length, 1);
  const record = JSON.parse(lines[0] ?? "{}");
  assert.equal(record["@level"], "error");
  assert.equal(record["@message"], "boom");
  assert.equal(record.module, "p");
  assert.equal(record.k, "v");
  assert.match(record["@timestamp"], /\.\d{6}Z$/);
});
