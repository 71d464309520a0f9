/**
 * `grafana-shim package` on an old Simple JSON plugin folder: the written folder keeps the
 * plugin.json (backend: true ensured) and assets, drops the old executables and signature,
 * keeps the old plugin's requests in grafana-shim.json on one line the report names,
 * and holds standalone executables for linux amd64/arm64 and windows amd64 (Node.js and the
 * shim in one file, the blob where Node.js looks for it) and launchers elsewhere. The Go hosts
 * of each Grafana era start the linux_amd64 executable from a folder outside the project, with
 * no `node` on PATH, on both protocols. The frontend: the React one by default (its plugin.json
 * made for it), the old one with --frontend legacy, and in place the old module.js set aside and
 * brought back.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { amdDependencies, frontendModule } from "../../src/cli/frontend-bundle.js";
import { pluginNodeFlags } from "../../src/cli/package-launchers.js";
import { standaloneNodeFlags } from "../../src/cli/standalone-runtime.js";
import { cleanEnv } from "../clean-env.js";
import { startClassicServer } from "../simple-json-servers/classic.js";
import type { RunningServer } from "../simple-json-servers/serve.js";
import { executableLayout, seaBlobMagic } from "./executable-layout.js";
import { type Json, root, runHost, shim, tempDir, v1Request, v2Request } from "./hosts.js";
import { fromV1, fromV2 } from "./normalize.js";

const run = promisify(execFile);
const fixture = join(root, "test/fixtures/simplejson/old-plugin");
const fromMs = 1_700_000_000_000;
const toMs = fromMs + 3_600_000;
const queries = [
  { refId: "A", target: "upper_90" },
  { refId: "B", target: "x", type: "table" },
];
/** The flipped fuse: Node.js runs the injected blob only when it reads ":1". */
const fuseOn = Buffer.from("NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1");

let classic: RunningServer;
let out = "";
let report = "";
/** A PATH with no `node` on it, as on a Grafana machine without Node.js. */
let noNode = "";

before(async () => {
  classic = await startClassicServer();
  const dir = tempDir("sj-package-");
  cpSync(fixture, join(dir, "old"), { recursive: true });
  out = join(dir, "new");
  noNode = join(dir, "empty-path");
  mkdirSync(noNode);
  const { stdout } = await run(
    process.execPath,
    [shim, "package", "--plugin-dir", join(dir, "old"), "--out", out],
    { timeout: 600_000 },
  );
  report = stdout;
});
after(async () => {
  await classic.close();
});

/** The shim's own start line, as go-plugin passed it on to the host's log. */
const shimStarted = (report: Json): Json | undefined =>
  (report.hostLog as Json[]).find(
    (l) => l["@module"] === "grafana-shim" && l["@message"] === "plugin started",
  );

const standalone = () => join(out, "simple-json-plugin_linux_amd64");
const withoutNode = (extra: Record<string, string> = {}) => cleanEnv({ PATH: noNode, ...extra });

describe("the packaged folder", () => {
  test("keeps the old plugin, with backend: true, and adds settings, executables and launchers", () => {
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
    const launcher = readFileSync(join(root, "bin/plugin-launcher.sh"), "utf8");
    const exec = launcher.split("\n").find((l) => l.startsWith("exec "));
    assert.equal(exec, `exec "$node" ${pluginNodeFlags.join(" ")} "$dir/grafana-shim.js" "$@"`);
    for (const target of ["linux_arm", "darwin_amd64", "darwin_arm64"]) {
      const file = join(out, `simple-json-plugin_${target}`);
      assert.equal(statSync(file).mode & 0o111, 0o111, `${target} is executable`);
      assert.equal(readFileSync(file, "utf8"), launcher, `${target} is the launcher script`);
    }
    for (const name of [
      "simple-json-plugin_linux_amd64",
      "simple-json-plugin_linux_arm64",
      "simple-json-plugin_windows_amd64.exe",
    ]) {
      assert.equal(statSync(join(out, name)).mode & 0o111, 0o111, `${name} is executable`);
      assert.match(report, new RegExp(`${name}: \\d+\\.\\d MiB, standalone \\(Node\\.js 24\\.`));
    }
    assert.match(report, /linux_amd64: .*with V8 code cache/);
    assert.match(report, /darwin_arm64: launchers that run a system Node\.js .*apk add nodejs/);
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

  test("each standalone executable holds the single-executable blob where Node.js looks for it", () => {
    const expected = [
      ["simple-json-plugin_linux_amd64", "ELF", 62],
      ["simple-json-plugin_linux_arm64", "ELF", 183],
      ["simple-json-plugin_windows_amd64.exe", "PE", 0x8664],
    ] as const;
    const mainScript = statSync(join(root, "dist/package/grafana-shim-standalone.cjs")).size;
    for (const [name, format, machine] of expected) {
      const layout = executableLayout(join(out, name));
      assert.equal(layout.format, format, name);
      assert.equal(layout.machine, machine, `${name}: machine`);
      assert.ok(layout.seaBlob, `${name}: no NODE_SEA_BLOB`);
      assert.equal(layout.seaBlob.head.readUInt32LE(0), seaBlobMagic, `${name}: blob magic`);
      assert.ok(layout.seaBlob.size > mainScript, `${name}: the blob holds the main script`);
      assert.ok(readFileSync(join(out, name)).includes(fuseOn), `${name}: fuse flipped`);
    }
    const pe = executableLayout(join(out, "simple-json-plugin_windows_amd64.exe"));
    assert.equal(pe.subsystem, 3, "a console program: Grafana reads its stdout");
  });

  test("the launchers' bundle runs alone: --version, with the proto descriptors embedded", async () => {
    const bundle = readFileSync(join(out, "grafana-shim.js"), "utf8");
    assert.match(bundle, /"DatasourcePlugin":\{"methods":\{"Query"/);
    const { stdout } = await run(process.execPath, [join(out, "grafana-shim.js"), "--version"], {
      cwd: out,
    });
    assert.match(stdout, /^grafana-shim \d+\.\d+\.\d+/);
  });
});

describe("the linux_amd64 executable, started by the Go hosts of each era with no node on PATH", () => {
  test("protocol 1: go-plugin of 2018 (Grafana 5.2-6.1) and v1.0.1 (Grafana 6.x) answer the server's data", async () => {
    const request = [v1Request(classic.url, fromMs, toMs, queries)];
    for (const host of ["host-2018", "host-v101"]) {
      const v1 = await runHost(host, standalone(), request, [], withoutNode());
      const data = fromV1(v1.results[0].response);
      assert.equal(data.A?.series[0]?.name, "upper_90", `${host}: ${JSON.stringify(v1.results)}`);
      assert.equal(data.B?.tables.length, 1, host);
      assert.equal(v1.exited, true, `${host}: the executable exits when the host stops it`);
    }
  });

  test("protocol 1 with AutoMTLS (current go-plugin): client certificates, Shutdown ends it", async () => {
    const v1 = await runHost(
      "host-current",
      standalone(),
      [v1Request(classic.url, fromMs, toMs, queries)],
      ["-automtls"],
      withoutNode(),
    );
    assert.equal(fromV1(v1.results[0].response).A?.series[0]?.name, "upper_90");
    const started = shimStarted(v1);
    assert.equal(started?.tls, true, "the plugin served TLS with the host's certificate");
    assert.equal(v1.pingOk, true);
    assert.equal(v1.exited, true);
    assert.ok(v1.killMs < 1000, `Shutdown took ${v1.killMs} ms: it should end the process`);
  });

  test("protocol 2: Grafana 7.x (offers 1,2 with GF_VERSION) and current (AutoMTLS) get the same answers", async () => {
    const request = [v2Request(classic.url, "sj", fromMs, toMs, queries)];
    const v7 = await runHost(
      "host-v2",
      standalone(),
      request,
      ["-versions", "1,2", "-gf-version", "7.5.17"],
      withoutNode(),
    );
    const current = await runHost(
      "host-v2",
      standalone(),
      request,
      ["-versions", "2", "-automtls", "-check-health"],
      withoutNode(),
    );
    const v1 = await runHost(
      "host-v101",
      standalone(),
      [v1Request(classic.url, fromMs, toMs, queries)],
      [],
      withoutNode(),
    );
    assert.equal(v7.negotiatedVersion, 2);
    assert.equal(current.negotiatedVersion, 2);
    assert.deepEqual(fromV2(v7.results[0]), fromV1(v1.results[0].response));
    assert.deepEqual(fromV2(current.results[0]), fromV1(v1.results[0].response));
    assert.equal(current.checkHealth[0].status, "OK");
    const started = shimStarted(current);
    assert.equal(started?.tls, true);
    assert.equal(v7.exited && current.exited, true, "Shutdown ends the executable");
    assert.ok(current.killMs < 1000, `Shutdown took ${current.killMs} ms`);
  });

  test("SIGTERM: exits 0 and removes its socket; the V8 flags are the standalone ones", async () => {
    const socketDir = tempDir("sj-sigterm-");
    const child = spawn(standalone(), [], {
      env: withoutNode({
        grafana_plugin_type: "datasource",
        PLUGIN_PROTOCOL_VERSIONS: "1",
        PLUGIN_UNIX_SOCKET_DIR: socketDir,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        text += chunk;
        if (text.includes("\n")) resolve(text);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code} before its handshake`)));
    });
    const socket = /^1\|1\|unix\|([^|]+)\|grpc\|\n$/.exec(line)?.[1];
    assert.ok(socket && existsSync(socket), line);
    let log = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      log += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.equal(existsSync(socket), false, "the socket is removed");
    const flags = JSON.stringify(standaloneNodeFlags.join(" "));
    assert.ok(log.includes(`"nodeFlags":${flags}`), log);
  });
});

describe("grafana-shim.json beside what Grafana starts", () => {
  test("a symlink to the standalone executable reads the settings beside itself", async () => {
    const dir = tempDir("sj-symlink-");
    const link = join(dir, "other-plugin_linux_amd64");
    symlinkSync(standalone(), link);
    writeFileSync(join(dir, "grafana-shim.json"), JSON.stringify({ handler: "demo" }));
    const v2 = await runHost(
      "host-v2",
      link,
      [],
      ["-versions", "2", "-query=false"],
      withoutNode(),
    );
    const started = shimStarted(v2);
    assert.equal(started?.handler, "demo", "the symlink's grafana-shim.json, not the target's");
  });

  test("a symlink to bin/grafana-shim reads the settings beside itself", async () => {
    const dir = tempDir("sj-symlink-bin-");
    const link = join(dir, "other-plugin_linux_amd64");
    symlinkSync(shim, link);
    writeFileSync(join(dir, "grafana-shim.json"), JSON.stringify({ handler: "demo" }));
    const v2 = await runHost("host-v2", link, [], ["-versions", "2", "-query=false"]);
    const started = shimStarted(v2);
    assert.equal(started?.handler, "demo");
  });
});

describe("where no runtime is embedded", () => {
  test("without Node.js on PATH a launcher says what is missing and how to install it", async () => {
    const error = await run(join(out, "simple-json-plugin_linux_arm"), [], {
      env: { PATH: noNode, grafana_plugin_type: "datasource" },
    }).catch((e: { stderr: string; code: number }) => e);
    assert.equal((error as { code: number }).code, 1);
    assert.match(
      (error as { stderr: string }).stderr,
      /Node\.js 20 or later must be on PATH .*apk add nodejs/,
    );
  });

  test("--musl: linux executables are launchers, windows stays standalone", async () => {
    const dir = tempDir("sj-package-musl-");
    const { stdout } = await run(
      process.execPath,
      [shim, "package", "--executable", "gfx", "--out", dir, "--musl"],
      { timeout: 600_000 },
    );
    const launcher = readFileSync(join(root, "bin/plugin-launcher.sh"), "utf8");
    for (const target of ["linux_amd64", "linux_arm64"])
      assert.equal(readFileSync(join(dir, `gfx_${target}`), "utf8"), launcher, target);
    assert.equal(executableLayout(join(dir, "gfx_windows_amd64.exe")).format, "PE");
    assert.match(stdout, /gfx_linux_amd64, gfx_linux_arm64, gfx_linux_arm, .*: launchers/);
    assert.match(stdout, /no plugin\.json/);
  });
});

describe("--frontend legacy and in place", () => {
  const packageRun = (args: string[]) =>
    run(process.execPath, [shim, "package", "--targets", "darwin_arm64", ...args], {
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
