/**
 * Every command of the real executable answers `--help` and `-h` with its usage on stdout and
 * exit 0, also after other (even bad) options, and plugin mode's `--help` does so with or
 * without the magic cookie a host sets, instead of starting a plugin.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const shim = join(root, "bin/grafana-shim");

function run(args: readonly string[], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(GRAFANA_SHIM_|GF_|PLUGIN_|grafana_plugin_type$)/.test(key)) env[key] = value;
  }
  return spawnSync(process.execPath, [shim, ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: 30_000,
  });
}

/** Each command, and a line its usage must hold. */
const commands: [string[], RegExp][] = [
  [[], /grafana-shim serve-http/],
  [["serve-http"], /Usage: grafana-shim serve-http \[options\][\s\S]*--datasources/],
  [["package"], /grafana-shim package --plugin-dir/],
  [["record"], /grafana-shim record --plugin <executable> --out <dir>/],
  [["replay"], /Usage: grafana-shim replay/],
  [["convert"], /Usage: grafana-shim convert/],
  [["plugin"], /Usage: grafana-shim \[plugin\][\s\S]*GRAFANA_SHIM_HANDLER/],
];

describe("--help and -h", () => {
  for (const [command, usage] of commands) {
    for (const flag of ["--help", "-h"]) {
      const args = [...command, flag];
      test(`grafana-shim ${args.join(" ")}`, () => {
        const ran = run(args);
        assert.equal(ran.status, 0, `exit ${ran.status}: ${ran.stderr}`);
        assert.match(ran.stdout, usage);
        assert.equal(ran.stderr, "");
      });
    }
  }

  test("--help after other options, even bad ones, still prints the usage", () => {
    for (const args of [
      ["serve-http", "--port", "not-a-port", "--help"],
      ["serve-http", "--no-such-option", "-h"],
      ["package", "--plugin-dir", "/nonexistent", "--help"],
      ["record", "--http", "--help"],
      ["replay", "--update", "-h"],
      ["convert", "--to", "nonsense", "--help"],
    ]) {
      const ran = run(args);
      assert.equal(ran.status, 0, `${args.join(" ")}: exit ${ran.status}: ${ran.stderr}`);
      assert.match(ran.stdout, /grafana-shim/, args.join(" "));
    }
  });

  test("plugin mode's --help wins over the magic cookie: usage, no handshake", () => {
    for (const args of [["plugin", "--help"], ["--help"], ["plugin", "-h"]]) {
      const ran = run(args, { grafana_plugin_type: "datasource" });
      assert.equal(ran.status, 0, `${args.join(" ")}: ${ran.stderr}`);
      assert.doesNotMatch(ran.stdout, /^1\|/, "no go-plugin handshake line");
      assert.match(ran.stdout, /Usage:\s+grafana-shim/);
    }
  });

  test("an unknown option is still an error that points at --help", () => {
    const ran = run(["serve-http", "--no-such-option"]);
    assert.equal(ran.status, 2);
    assert.match(ran.stderr, /--no-such-option/);
    assert.match(ran.stderr, /grafana-shim serve-http --help/);
  });
});
