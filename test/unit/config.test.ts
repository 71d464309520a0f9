/** Settings: defaults, a grafana-shim.json beside the executable or one level up, then GRAFANA_SHIM_*. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { defaults, executablePaths, findConfigFile, loadConfig } from "../../src/config.js";
import { ShimError } from "../../src/errors.js";

let dir = "";
/** <dir>/plugin/gfx_linux_amd64: where Grafana would run the executable from. */
let pluginDir = "";
let exe = "";

function write(path: string, value: unknown): string {
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

function fresh(name: string): { pluginDir: string; exe: string } {
  const d = join(dir, name, "plugin");
  mkdirSync(d, { recursive: true });
  return { pluginDir: d, exe: join(d, "gfx_linux_amd64") };
}

function invalid(pattern: RegExp) {
  return (error: unknown) =>
    error instanceof ShimError && error.code === "invalid_argument" && pattern.test(error.message);
}

describe("loadConfig", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "config-test-"));
    ({ pluginDir, exe } = fresh("base"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("no file, no variables: the defaults", () => {
    const config = loadConfig({}, exe);
    assert.deepEqual({ ...config, baseDir: "" }, { ...defaults, baseDir: "" });
    assert.equal(config.baseDir, process.cwd());
    assert.equal(config.file, undefined);
  });

  test("a file beside the executable; relative handler paths start at its folder", () => {
    const file = write(join(pluginDir, "grafana-shim.json"), {
      handler: "./h.js",
      timeoutMs: 5000,
    });
    try {
      const config = loadConfig({}, exe);
      assert.equal(config.file, file);
      assert.equal(config.handler, "./h.js");
      assert.equal(config.timeoutMs, 5000);
      assert.equal(config.baseDir, pluginDir);
      assert.equal(config.concurrency, defaults.concurrency);
    } finally {
      rmSync(file);
    }
  });

  test("a file one level up; beside the executable wins when both exist", () => {
    const { pluginDir: p, exe: e } = fresh("two-levels");
    const up = write(join(p, "..", "grafana-shim.json"), { logLevel: "debug" });
    assert.equal(loadConfig({}, e).file, up);
    assert.equal(loadConfig({}, e).logLevel, "debug");
    const beside = write(join(p, "grafana-shim.json"), { logLevel: "warn" });
    assert.equal(findConfigFile({}, e), beside);
    assert.equal(loadConfig({}, e).logLevel, "warn");
  });

  test("several paths (a symlink's, then the real file's): the first that has a file beside it or one up", () => {
    const { pluginDir: linkDir, exe: link } = fresh("link");
    const { pluginDir: realDir, exe: real } = fresh("real");
    const atReal = write(join(realDir, "grafana-shim.json"), { logLevel: "warn" });
    assert.equal(
      findConfigFile({}, [link, real]),
      atReal,
      "the real file's when the link has none",
    );
    const upFromLink = write(join(linkDir, "..", "grafana-shim.json"), { logLevel: "debug" });
    assert.equal(findConfigFile({}, [link, real]), upFromLink, "the link's folders come first");
    const atLink = write(join(linkDir, "grafana-shim.json"), { logLevel: "error" });
    assert.equal(findConfigFile({}, [link, real]), atLink);
  });

  test("GRAFANA_SHIM_CONFIG names the file, whatever lies beside the executable", () => {
    const { pluginDir: p, exe: e } = fresh("named");
    write(join(p, "grafana-shim.json"), { logLevel: "warn" });
    const named = write(join(dir, "elsewhere.json"), { logLevel: "error", nullPoints: "omit" });
    const config = loadConfig({ GRAFANA_SHIM_CONFIG: named }, e);
    assert.equal(config.file, named);
    assert.equal(config.logLevel, "error");
    assert.equal(config.nullPoints, "omit");
  });

  test("variables override the file; a handler from a variable starts at the working folder", () => {
    const { pluginDir: p, exe: e } = fresh("override");
    write(join(p, "grafana-shim.json"), {
      handler: "./from-file.js",
      logLevel: "warn",
      timeoutMs: 1000,
      concurrency: 2,
      maxReceiveMiB: 8,
      answerBudgetMiB: 64,
      protocol: 1,
      network: "unix",
      nullPoints: "nan",
    });
    const config = loadConfig(
      {
        GRAFANA_SHIM_HANDLER: "./from-env.js",
        GRAFANA_SHIM_LOG_LEVEL: "DEBUG",
        GRAFANA_SHIM_TIMEOUT_MS: "2500",
        GRAFANA_SHIM_CONCURRENCY: "3",
        GRAFANA_SHIM_MAX_RECEIVE_MIB: "16",
        GRAFANA_SHIM_ANSWER_BUDGET_MIB: "32",
        GRAFANA_SHIM_PROTOCOL: "2",
        GRAFANA_SHIM_NETWORK: "tcp",
        GRAFANA_SHIM_NULL_POINTS: "omit",
      },
      e,
    );
    assert.deepEqual(
      { ...config, baseDir: "", file: "" },
      {
        handler: "./from-env.js",
        logLevel: "debug",
        timeoutMs: 2500,
        concurrency: 3,
        maxReceiveMiB: 16,
        answerBudgetMiB: 32,
        protocol: 2,
        network: "tcp",
        nullPoints: "omit",
        baseDir: "",
        file: "",
      },
    );
    assert.equal(config.baseDir, process.cwd());
  });

  test("an empty variable counts as unset", () => {
    assert.equal(loadConfig({ GRAFANA_SHIM_TIMEOUT_MS: "" }, exe).timeoutMs, defaults.timeoutMs);
  });

  const badVariables: readonly [Record<string, string>, RegExp][] = [
    [{ GRAFANA_SHIM_TIMEOUT_MS: "abc" }, /timeoutMs: /],
    [{ GRAFANA_SHIM_TIMEOUT_MS: "-5" }, /timeoutMs: /],
    [{ GRAFANA_SHIM_TIMEOUT_MS: "1.5" }, /timeoutMs: /],
    [{ GRAFANA_SHIM_CONCURRENCY: "0" }, /concurrency: /],
    [{ GRAFANA_SHIM_CONCURRENCY: "5000" }, /concurrency: /],
    [{ GRAFANA_SHIM_MAX_RECEIVE_MIB: "2" }, /maxReceiveMiB: /],
    [{ GRAFANA_SHIM_MAX_RECEIVE_MIB: "4096" }, /maxReceiveMiB: /],
    [{ GRAFANA_SHIM_ANSWER_BUDGET_MIB: "0" }, /answerBudgetMiB: /],
    [{ GRAFANA_SHIM_ANSWER_BUDGET_MIB: "2048" }, /answerBudgetMiB: /],
    [{ GRAFANA_SHIM_PROTOCOL: "3" }, /protocol: /],
    [{ GRAFANA_SHIM_NETWORK: "udp" }, /network: /],
    [{ GRAFANA_SHIM_NULL_POINTS: "zero" }, /nullPoints: /],
    [{ GRAFANA_SHIM_LOG_LEVEL: "verbose" }, /logLevel: /],
  ];
  for (const [env, pattern] of badVariables) {
    test(`bad ${Object.keys(env)[0]}=${Object.values(env)[0]}: the error names the key`, () => {
      assert.throws(() => loadConfig(env, exe), invalid(/^invalid settings \(environment\): /));
      assert.throws(() => loadConfig(env, exe), invalid(pattern));
    });
  }

  test("every problem of a file is listed, with the file's path", () => {
    const file = write(join(dir, "bad.json"), { timeoutMs: "soon", concurrency: 0, handler: "" });
    assert.throws(
      () => loadConfig({ GRAFANA_SHIM_CONFIG: file }, exe),
      invalid(
        new RegExp(
          `^invalid settings \\(${file}\\): .*handler: .*; .*timeoutMs: .*; .*concurrency: `,
        ),
      ),
    );
  });

  test("an unknown key in the file is named", () => {
    const file = write(join(dir, "unknown.json"), { timeout: 5 });
    assert.throws(() => loadConfig({ GRAFANA_SHIM_CONFIG: file }, exe), invalid(/"timeout"/));
  });

  test("a handler's own section (wrap) is left to that handler", () => {
    const file = write(join(dir, "wrap.json"), {
      handler: "wrap",
      wrap: { plugin: "./old-plugin" },
    });
    const config = loadConfig({ GRAFANA_SHIM_CONFIG: file }, exe);
    assert.equal(config.handler, "wrap");
    assert.equal("wrap" in config, false);
  });

  test("a file that is not JSON, not an object, or missing", () => {
    const notJson = write(join(dir, "not-json.json"), "{handler: demo}");
    assert.throws(
      () => loadConfig({ GRAFANA_SHIM_CONFIG: notJson }, exe),
      invalid(new RegExp(`^cannot read ${notJson}: `)),
    );
    const array = write(join(dir, "array.json"), "[]");
    assert.throws(
      () => loadConfig({ GRAFANA_SHIM_CONFIG: array }, exe),
      invalid(new RegExp(`^${array} must hold a JSON object$`)),
    );
    const missing = join(dir, "missing.json");
    assert.throws(
      () => loadConfig({ GRAFANA_SHIM_CONFIG: missing }, exe),
      invalid(new RegExp(`^cannot read ${missing}: .*ENOENT`)),
    );
  });
});

describe("executablePaths", () => {
  test("a standalone executable: the path it was started by (argv[0]) when it names one, then its real file", () => {
    const real = "/opt/plugin/gfx_linux_amd64";
    assert.deepEqual(
      executablePaths([real, "/var/lib/grafana/plugins/x/gfx_linux_amd64"], real, true),
      ["/var/lib/grafana/plugins/x/gfx_linux_amd64", real],
    );
    assert.deepEqual(executablePaths([real, real], real, true), [real]);
    assert.deepEqual(
      executablePaths([real, "gfx_linux_amd64"], real, true),
      [real],
      "found on PATH",
    );
  });

  test("bin/grafana-shim under node: the script path node was given, then its real path", () => {
    const d = mkdtempSync(join(tmpdir(), "config-paths-"));
    try {
      const target = write(join(d, "grafana-shim"), "");
      const link = join(d, "gfx_linux_amd64");
      symlinkSync(target, link);
      assert.deepEqual(executablePaths(["/usr/bin/node", link], "/usr/bin/node", false), [
        link,
        realpathSync(target),
      ]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
