/** hclog lines: what every go-plugin host parses without panicking (docs/protocol.md#logs). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLogger, formatLine, hclogTimestamp, parseLevel } from "../../../src/log/logger.js";

const hclogTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe("hclogTimestamp", () => {
  const base = Date.UTC(2026, 0, 2, 15, 4, 5, 123) * 1000;
  const cases: readonly [number, string][] = [
    [base + 456, "2026-01-02T15:04:05.123456Z"],
    [base, "2026-01-02T15:04:05.123000Z"],
    [base + 7, "2026-01-02T15:04:05.123007Z"],
    [base + 999, "2026-01-02T15:04:05.123999Z"],
    [Date.UTC(2026, 0, 2, 15, 4, 5, 0) * 1000, "2026-01-02T15:04:05.000000Z"],
    [Date.UTC(1999, 11, 31, 23, 59, 59, 999) * 1000 + 999, "1999-12-31T23:59:59.999999Z"],
    [0, "1970-01-01T00:00:00.000000Z"],
  ];
  for (const [micros, want] of cases) {
    test(want, () => {
      assert.equal(hclogTimestamp(micros), want);
      assert.match(hclogTimestamp(micros), hclogTime);
    });
  }
  test("fractional microseconds are cut, not rounded into a 7th digit", () => {
    assert.equal(hclogTimestamp(base + 456.75), "2026-01-02T15:04:05.123456Z");
  });
});

describe("formatLine", () => {
  const parse = (line: string) => {
    assert.ok(line.endsWith("\n"));
    assert.equal(line.indexOf("\n"), line.length - 1, "one line");
    return JSON.parse(line) as Record<string, unknown>;
  };

  test("the reserved keys come first, as strings", () => {
    const line = parse(formatLine("info", "grafana-shim", "plugin started", { protocol: 1 }));
    assert.deepEqual(Object.keys(line), [
      "@level",
      "@message",
      "@module",
      "@timestamp",
      "protocol",
    ]);
    assert.equal(line["@level"], "info");
    assert.equal(line["@message"], "plugin started");
    assert.equal(line["@module"], "grafana-shim");
    assert.match(line["@timestamp"] as string, hclogTime);
    assert.equal(line.protocol, 1);
  });

  test("a field cannot override a reserved key, not even with a non-string", () => {
    const line = parse(
      formatLine("warn", "m", "real", {
        "@level": 5,
        "@message": { not: "a string" },
        "@timestamp": 1,
        "@module": null,
        "@caller": [],
        ok: "kept",
      }),
    );
    assert.equal(line["@level"], "warn");
    assert.equal(line["@message"], "real");
    assert.equal(line["@module"], "m");
    assert.match(line["@timestamp"] as string, hclogTime);
    assert.equal("@caller" in line, false);
    assert.equal(line.ok, "kept");
  });

  test("a message that is not a string at runtime is still written as one", () => {
    const line = parse(formatLine("error", "m", { toString: () => "from object" } as never));
    assert.equal(line["@message"], "from object");
  });

  test("bigint fields become decimal text, at the top and nested", () => {
    const line = parse(
      formatLine("info", "m", "x", { n: 2n ** 64n, row: { id: -5n, list: [1n] } }),
    );
    assert.equal(line.n, "18446744073709551616");
    assert.deepEqual(line.row, { id: "-5", list: ["1"] });
  });

  test("an Error field is its message", () => {
    assert.equal(parse(formatLine("error", "m", "x", { error: new Error("boom") })).error, "boom");
  });

  test("a field JSON cannot hold does not make logging throw", () => {
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    const line = parse(formatLine("info", "m", "still logged", { cycle, fine: 1 }));
    assert.equal(line["@message"], "still logged");
    assert.match(line.cycle as string, /^\[not JSON: .*circular/i);
    assert.equal(line.fine, 1);
  });

  test("lone surrogates and control characters stay one valid line", () => {
    const line = parse(formatLine("info", "m", "a\nb\ud800", { k: "\u2028\udfff" }));
    assert.equal(line["@message"], "a\nb\ud800");
    assert.equal(line.k, "\u2028\udfff");
  });
});

describe("createLogger", () => {
  function capture(level: Parameters<typeof createLogger>[0]["level"]) {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level,
      module: "grafana-shim",
      write: (l) => lines.push(JSON.parse(l)),
    });
    return { log, lines };
  }

  test("info hides trace and debug", () => {
    const { log, lines } = capture("info");
    log.trace("t");
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    assert.deepEqual(
      lines.map((l) => l["@level"]),
      ["info", "warn", "error"],
    );
    assert.equal(log.enabled("debug"), false);
    assert.equal(log.enabled("error"), true);
  });

  test("error hides info", () => {
    const { log, lines } = capture("error");
    log.info("i");
    log.warn("w");
    log.error("e");
    assert.deepEqual(
      lines.map((l) => l["@message"]),
      ["e"],
    );
  });

  test("trace shows everything", () => {
    const { log, lines } = capture("trace");
    for (const level of ["trace", "debug", "info", "warn", "error"] as const) log[level](level);
    assert.equal(lines.length, 5);
  });

  test("off shows nothing", () => {
    const { log, lines } = capture("off");
    log.error("e");
    assert.equal(lines.length, 0);
    assert.equal(log.enabled("off"), false);
  });

  test("a child logs under module.child", () => {
    const { log, lines } = capture("info");
    log.child("v1").child("query").info("x");
    assert.equal(lines[0]?.["@module"], "grafana-shim.v1.query");
  });
});

describe("parseLevel", () => {
  const cases: readonly [string | undefined, string][] = [
    [undefined, "info"],
    ["", "info"],
    ["debug", "debug"],
    [" DEBUG ", "debug"],
    ["Error", "error"],
    ["off", "off"],
    ["verbose", "info"],
  ];
  for (const [text, want] of cases)
    test(JSON.stringify(text ?? null), () => assert.equal(parseLevel(text), want));
  test("fallback", () => assert.equal(parseLevel("nope", "warn"), "warn"));
});

describe("with", () => {
  test("every line carries the bound fields first, a call's own fields after, children too", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "debug", module: "m", write: (l) => lines.push(l) });
    const traced = log.with({ traceID: "abc" });
    traced.info("one", { refId: "A" });
    traced.child("http").warn("two");
    traced.with({ more: 1 }).debug("three", { traceID: "call wins" });
    log.info("untraced");
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      parsed.map((p) => [p["@message"], p["@module"], p.traceID, p.refId, p.more]),
      [
        ["one", "m", "abc", "A", undefined],
        ["two", "m.http", "abc", undefined, undefined],
        ["three", "m", "call wins", undefined, 1],
        ["untraced", "m", undefined, undefined, undefined],
      ],
    );
  });
});
