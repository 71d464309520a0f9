/**
 * `npm start`, the README's run command: the gateway with the built-in demo
 * datasource, printing the playground's address first and curl commands that work when pasted, and exiting
 * cleanly on Ctrl-C (SIGINT to the whole process group, as a terminal sends
 * it) and on SIGTERM.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { promisify } from "node:util";
import { post, root, startGateway } from "./gateway.js";

const sh = promisify(execFile);

test("npm start: curl commands that work, and a clean exit on Ctrl-C", async () => {
  const npm = spawn("npm", ["start"], {
    cwd: root,
    env: { ...process.env, GRAFANA_SHIM_HTTP_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, like a terminal's foreground job
  });
  let stdout = "";
  let stderr = "";
  npm.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  npm.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner:\n${stdout}\n${stderr}`)), 20_000);
      npm.once("exit", (code) =>
        reject(new Error(`npm start exited with ${code}:\n${stdout}\n${stderr}`)),
      );
      npm.stdout.on("data", () => {
        if (stdout.includes("Stop with Ctrl-C.")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const curls = stdout.split("\n").filter((l) => l.trim().startsWith("curl -s http"));
    assert.equal(curls.length, 2, stdout);
    const [ds, tsdb] = await Promise.all(curls.map((c) => sh("sh", ["-c", c.trim()])));
    const frames = JSON.parse(ds?.stdout ?? "");
    assert.equal(frames.results.A.status, 200);
    assert.ok(frames.results.A.frames.length > 0);
    const legacy = JSON.parse(tsdb?.stdout ?? "");
    assert.deepEqual(
      legacy.results.A.tables[0].columns.map((c: { text: string }) => c.text),
      ["wave", "points", "last", "healthy"],
    );
    // The shim's first line (after npm's own) is the playground's address, and it serves the page.
    const own = stdout.split("\n").filter((l) => l !== "" && !l.startsWith(">"));
    const page = /^Playground: (http:\/\/127\.0\.0\.1:\d+\/) /.exec(own[0] ?? "");
    assert.ok(page?.[1], stdout);
    const html = await fetch(page[1]);
    assert.equal(html.status, 200);
    assert.match(await html.text(), /<title>grafana-shim playground<\/title>/);
    const exited = once(npm, "exit");
    process.kill(-(npm.pid as number), "SIGINT");
    const [code, signal] = await Promise.race([exited, timeout(8000)]);
    // npm re-raises the SIGINT it got itself once its child has exited (0, see the next test).
    assert.ok(code === 0 || signal === "SIGINT", `npm ended with ${code} ${signal}`);
    assert.match(stderr, /"@message":"shutting down"[^\n]*"signal":"SIGINT"/);
    assert.doesNotMatch(stderr, /npm error|ERR!|uncaught|unhandled/i);
  } finally {
    if (npm.exitCode === null && npm.signalCode === null)
      process.kill(-(npm.pid as number), "SIGKILL");
  }
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`${signal} stops the gateway with exit code 0, letting a running request finish`, async () => {
    const gw = await startGateway(["--handler", "dist/test/handlers/echo-legacy.js"]);
    const running = post(`${gw.url}/api/tsdb/query`, {
      queries: [
        {
          refId: "A",
          datasourceId: 1,
          answer: { sleepMs: 500, series: [{ name: "late", points: [] }] },
        },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    assert.equal(await gw.stop(signal), 0);
    assert.ok(Date.now() - started < 3000);
    assert.equal((await running).status, 200);
    assert.ok(gw.logs().some((l) => l["@message"] === "shutting down" && l.signal === signal));
  });
}

test("bad options are refused before anything starts", async () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    sh(process.execPath, ["bin/grafana-shim", "serve-http", ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
  const port = await run(["--port", "http"]);
  assert.equal(port.code, 2, port.stderr);
  assert.match(
    port.stderr,
    /invalid options: --port: Invalid input: expected number, received NaN/,
  );
  const env = await run([], { GRAFANA_SHIM_HTTP_TSDB_DATAFRAMES: "sometimes" });
  assert.match(
    env.stderr,
    /--tsdb-dataframes: Invalid option: expected one of "off"\|"also"\|"only"/,
  );
  const flag = await run(["--nope"]);
  assert.match(flag.stderr, /Unknown option '--nope'/);
  const handler = await run(["--handler", "./no/such/handler.js"]);
  assert.match(handler.stderr, /cannot load handler "\.\/no\/such\/handler\.js"/);
});

function timeout(ms: number): Promise<[number | null, string | null]> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`no exit within ${ms} ms`)), ms).unref(),
  );
}
