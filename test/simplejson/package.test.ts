/**
 * `grafana-shim package` on an old Simple JSON plugin folder: the written folder keeps the
 * plugin.json (backend: true ensured) and assets, drops the old executables and signature,
 * keeps the old plugin's requests in grafana-shim.json on one line the report names,
 * holds one bundled grafana-shim.js with the .proto files inside (no node_modules, no proto/),
 * and the Go hosts start it by its launcher name from a folder outside the project. The
 * Windows launcher's source, built for Linux, is run the same way. The frontend: the React one
 * by default (its plugin.json made for it), the old one with --frontend legacy, and in place the
 * old module.js set aside and brought back.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { amdDependencies, frontendModule } from "../../src/cli/frontend-bundle.js";
import { buildGoLauncher } from "../../src/cli/package-windows.js";
import { startClassicServer } from "../simple-json-servers/classic.js";
import type { RunningServer } from "../simple-json-servers/serve.js";
import {
  cleanEnv,
  type Json,
  root,
  runHost,
  shim,
  tempDir,
  v1Request,
  v2Request,
} from "./hosts.js";
import { fromV1, fromV2 } from "./normalize.js";

const run = promisify(execFile);
const fixture = join(root, "test/fixtures/simplejson/old-plugin");
const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;
const queries = [
  { refId: "A", target: "upper_90" },
  { refId: "B", target: "x", type: "table" },
];

let classic: RunningServer;
let out = "";
let report = "";

before(async () => {
  classic = await startClassicServer();
  const dir = tempDir("sj-package-");
  cpSync(fixture, join(dir, "old"), { recursive: true });
  out = join(dir, "new");
  const { stdout } = await run(
    process.execPath,
    [shim, "package", "--plugin-dir", join(dir, "old"), "--out", out],
    { timeout: 300_000 },
  );
  report = stdout;
});
after(async () => {
  await classic.close();
});

describe("the packaged folder", () => {
  test("keeps the old plugin, with backend: true, and adds the bundle, settings and launchers", () => {
    const plugin = JSON.parse(readFileSync(join(out, "plugin.json"), "utf8")) as Json;
    assert.equal(plugin.backend, true);
    assert.equal(plugin.executable, "simple-json-plugin");
    assert.equal(plugin.id, "grafana-simple-json-backend-datasource");
    assert.equal(plugin.info.version, "1.0.0");
    assert.ok(
      existsSync(join(out, "module.js")) && existsSync(join(out, "img/simpleJson_logo.svg")),
    );
    assert.equal(existsSync(join(out, "MANIFEST.txt")), false, "the old signature is gone");
    const settings = readFileSync(join(out, "grafana-shim.json"), "utf8");
    assert.deepEqual(JSON.parse(settings), {
      simplejson: { requestCompat: "backend-1.0" },
      handler: "simplejson",
    });
    const line = '"simplejson": { "requestCompat": "backend-1.0" },';
    assert.match(
      report,
      /grafana-shim\.json: handler "simplejson" sending the old plugin's requests/,
    );
    assert.ok(report.includes(`remove this line from grafana-shim.json:\n    ${line}\n`), report);
    const withoutLine = settings.split("\n").filter((l) => l.trim() !== line);
    assert.deepEqual(JSON.parse(withoutLine.join("\n")), { handler: "simplejson" });
    const names = readdirSync(out).sort();
    assert.equal(names.includes("node_modules") || names.includes("proto"), false);
    for (const target of [
      "linux_amd64",
      "linux_arm64",
      "linux_arm",
      "darwin_amd64",
      "darwin_arm64",
    ]) {
      const file = join(out, `simple-json-plugin_${target}`);
      assert.equal(statSync(file).mode & 0o111, 0o111, `${target} is executable`);
      assert.match(
        readFileSync(file, "utf8"),
        /^#!\/bin\/sh\n[\s\S]*exec "\$node" "\$dir\/grafana-shim\.js"/,
      );
    }
    const exe = readFileSync(join(out, "simple-json-plugin_windows_amd64.exe"));
    assert.equal(exe.subarray(0, 2).toString(), "MZ", "a Windows PE executable");
    assert.match(report, /allow_loading_unsigned_plugins = grafana-simple-json-backend-datasource/);
  });

  test("has the React frontend by default: the built module.js and plugin.json made for it", () => {
    assert.deepEqual(readFileSync(join(out, "module.js")), readFileSync(frontendModule));
    assert.ok(amdDependencies(join(out, "module.js")).includes("@grafana/runtime"));
    const plugin = JSON.parse(readFileSync(join(out, "plugin.json"), "utf8")) as Json;
    assert.equal(plugin.dependencies.grafanaDependency, ">=9.0.0");
    assert.equal(plugin.partials, undefined);
    assert.deepEqual(plugin.info.logos, {
      small: "img/simpleJson_logo.svg",
      large: "img/simpleJson_logo.svg",
    });
    assert.match(report, /module\.js: the React frontend, for Grafana >=9\.0\.0/);
  });

  test("the bundle runs alone: --version, and the plugin's protocols from embedded proto descriptors", async () => {
    const bundle = readFileSync(join(out, "grafana-shim.js"), "utf8");
    assert.match(bundle, /"DatasourcePlugin":\{"methods":\{"Query"/);
    const { stdout } = await run(process.execPath, [join(out, "grafana-shim.js"), "--version"], {
      cwd: out,
    });
    assert.match(stdout, /^grafana-shim \d+\.\d+\.\d+/);
  });
});

describe("started by the Go hosts from its launcher name", () => {
  const launcher = () => join(out, "simple-json-plugin_linux_amd64");

  test("protocol 1 (host-v101) and protocol 2 (host-v2, Grafana 8+) answer the server's data", async () => {
    const v1 = await runHost(
      "host-v101",
      launcher(),
      [v1Request(classic.url, fromMs, toMs, queries)],
      [],
      cleanEnv(),
    );
    const v2 = await runHost(
      "host-v2",
      launcher(),
      [v2Request(classic.url, "sj", fromMs, toMs, queries)],
      ["-versions", "2", "-check-health"],
      cleanEnv(),
    );
    const a = fromV1(v1.results[0].response);
    const b = fromV2(v2.results[0]);
    assert.equal(a.A?.series[0]?.name, "upper_90", JSON.stringify(v1.results));
    assert.deepEqual(b, a);
    assert.equal(v2.checkHealth[0].status, "OK");
    assert.equal(v1.exited && v2.exited, true, "the shim exits when the host stops it");
    const started = (v2.hostLog as Json[]).find((l) => l["@message"] === "plugin started");
    assert.ok(started, "go-plugin saw the shim start");
  });

  test("without Node.js on PATH the launcher says what is missing", async () => {
    const error = await run(launcher(), [], {
      env: { PATH: "/nonexistent", grafana_plugin_type: "datasource" },
    }).catch((e: { stderr: string; code: number }) => e);
    assert.equal((error as { code: number }).code, 1);
    assert.match((error as { stderr: string }).stderr, /Node\.js 20 or later must be on PATH/);
  });

  test("the Windows launcher's program (built for Linux here) relays the plugin to the host", async () => {
    const relay = join(out, "simple-json-plugin_relay");
    await buildGoLauncher(
      relay,
      process.platform === "darwin" ? "darwin" : "linux",
      process.arch === "arm64" ? "arm64" : "amd64",
    );
    const v2 = await runHost(
      "host-v2",
      relay,
      [v2Request(classic.url, "sj", fromMs, toMs, queries)],
      ["-versions", "2"],
      cleanEnv(),
    );
    assert.equal(v2.negotiatedVersion, 2);
    assert.equal(fromV2(v2.results[0]).A?.series[0]?.name, "upper_90");
    assert.equal(v2.exited, true);
  });
});

describe("--frontend legacy and in place", () => {
  const packageRun = (args: string[]) =>
    run(process.execPath, [shim, "package", "--windows-launcher", "/dev/null", ...args], {
      timeout: 300_000,
    });
  const oldModule = () => readFileSync(join(fixture, "module.js"));

  test("--frontend legacy keeps the old module.js and plugin.json (with backend: true)", async () => {
    const dir = tempDir("sj-package-legacy-");
    const { stdout } = await packageRun([
      "--plugin-dir",
      fixture,
      "--out",
      join(dir, "new"),
      "--frontend",
      "legacy",
    ]);
    assert.deepEqual(readFileSync(join(dir, "new/module.js")), oldModule());
    const plugin = JSON.parse(readFileSync(join(dir, "new/plugin.json"), "utf8")) as Json;
    const old = JSON.parse(readFileSync(join(fixture, "plugin.json"), "utf8")) as Json;
    assert.deepEqual(plugin, { ...old, backend: true });
    assert.match(stdout, /module\.js: the old plugin's own frontend, for Grafana 6-8/);
  });

  test("in place the old module.js moves aside, and --grafana 8 brings it back", async () => {
    const dir = join(tempDir("sj-package-in-place-"), "plugin");
    cpSync(fixture, dir, { recursive: true });
    const first = await packageRun(["--plugin-dir", dir]);
    assert.match(first.stdout, /moved the old module\.js to \.grafana-shim-replaced\//);
    assert.deepEqual(readFileSync(join(dir, ".grafana-shim-replaced/module.js")), oldModule());
    assert.deepEqual(readFileSync(join(dir, "module.js")), readFileSync(frontendModule));
    await packageRun(["--plugin-dir", dir]); // again: the set-aside original is kept
    assert.deepEqual(readFileSync(join(dir, ".grafana-shim-replaced/module.js")), oldModule());
    const reactJson = JSON.parse(readFileSync(join(dir, "plugin.json"), "utf8")) as Json;
    assert.equal(reactJson.dependencies.grafanaDependency, ">=9.0.0");
    const back = await packageRun(["--plugin-dir", dir, "--grafana", "8.5.27"]);
    assert.match(back.stdout, /restored the old module\.js/);
    assert.deepEqual(readFileSync(join(dir, "module.js")), oldModule());
    const plugin = JSON.parse(readFileSync(join(dir, "plugin.json"), "utf8")) as Json;
    const old = JSON.parse(readFileSync(join(fixture, "plugin.json"), "utf8")) as Json;
    assert.deepEqual(plugin, { ...old, backend: true }, "the old plugin.json is back");
  });
});

test("package without an executable name is a usage error (exit 2)", async () => {
  const dir = tempDir("sj-package-bad-");
  const error = await run(process.execPath, [shim, "package", "--out", dir]).catch(
    (e: { code: number; stderr: string }) => e,
  );
  assert.equal((error as { code: number }).code, 2);
  assert.match(
    (error as { stderr: string }).stderr,
    /names no executable: give --executable <name>/,
  );
});
