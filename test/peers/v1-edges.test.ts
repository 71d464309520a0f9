/**
 * The executable's go-plugin edges, run as a child process the way a host runs
 * it: the cookie check, the one stdout line, the socket, health and Shutdown,
 * signals, TCP, the hclog lines on stderr, and a handler that cannot be loaded.
 * Process-level checks talk gRPC to the socket from Node; query answers go
 * through a real Go host (test/.bin/host-current).
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import {
  type Client,
  credentials,
  makeGenericClientConstructor,
  type ServiceError,
} from "@grpc/grpc-js";
import { serviceDefinition } from "../../src/protocol/grpc/service-definition.js";
import { cleanEnv } from "../clean-env.js";
import { shim } from "./shim-executable.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const hostCurrent = join(root, "test/.bin/host-current");
const stdoutHandler = join(root, "dist/test/handlers/misbehaving-stdout.js");
const hclogTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const handshakeUnix = /^1\|1\|unix\|(\/[^|\n]+)\|grpc\|\n$/;
/** This run's temporary folder, removed at the end. */
let dir = "";
const running = new Set<ChildProcess>();

interface Shim {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** performance.now() when the process exited. */
  readonly exitedAt: () => number;
}

const cookie = { grafana_plugin_type: "datasource" };

function startShim(extra: Record<string, string>): Shim {
  const child = spawn(shim, [], {
    env: cleanEnv({ TMPDIR: dir, ...extra }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let out = "";
  let err = "";
  let exitedAt = Number.NaN;
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    out += text;
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    err += text;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      exitedAt = performance.now();
      running.delete(child);
      // Let the pipes drain before anyone reads them.
      setImmediate(() => resolve({ code, signal }));
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited, exitedAt: () => exitedAt };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** The handshake line, once the shim printed a whole line to stdout. */
async function handshake(shim: Shim): Promise<string> {
  const started = Date.now();
  while (!shim.stdout().includes("\n")) {
    if (shim.child.exitCode !== null || shim.child.signalCode !== null) {
      throw new Error(`the shim exited before its handshake:\n${shim.stderr()}`);
    }
    if (Date.now() - started > 10_000) throw new Error(`no handshake:\n${shim.stderr()}`);
    await sleep(10);
  }
  return shim.stdout();
}

/** Kills the shim if a test left it running; a no-op once it exited. */
async function stop(shim: Shim): Promise<void> {
  if (shim.child.exitCode === null && shim.child.signalCode === null) shim.child.kill("SIGKILL");
  await within(shim.exited, 5_000, "exit after SIGKILL");
}

/** Every stderr line the shim wrote as hclog JSON; lines matching `except` (a handler's own) are skipped. */
function checkHclog(stderr: string, except?: RegExp): Record<string, unknown>[] {
  const lines = stderr.split("\n").filter((line) => line !== "" && !except?.test(line));
  return lines.map((line) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      assert.fail(`a stderr line is not JSON: ${line}`);
    }
    for (const key of ["@level", "@message", "@module", "@timestamp"]) {
      assert.equal(typeof entry[key], "string", `${key} in ${line}`);
    }
    assert.match(entry["@timestamp"] as string, hclogTime, line);
    assert.match(entry["@level"] as string, /^(trace|debug|info|warn|error)$/, line);
    return entry;
  });
}

type Unary = (
  request: object,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response?: unknown) => void,
) => void;

/** A client of one service, connected before it is returned. */
async function connect(target: string, file: string, service: string): Promise<Client> {
  const Service = makeGenericClientConstructor(serviceDefinition(file, service), service);
  const client = new Service(target, credentials.createInsecure());
  await new Promise<void>((resolve, reject) =>
    client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve())),
  );
  return client;
}

function unary(client: Client, method: string, request: object): Promise<Record<string, unknown>> {
  const fn = (client as unknown as Record<string, Unary>)[method]?.bind(client);
  assert.ok(fn, method);
  return new Promise((resolve, reject) =>
    fn(request, { deadline: new Date(Date.now() + 10_000) }, (error, response) =>
      error ? reject(error) : resolve(response as Record<string, unknown>),
    ),
  );
}

/** One unary gRPC call from Node to the plugin's listener. */
async function call(
  target: string,
  file: string,
  service: string,
  method: string,
  request: object,
): Promise<Record<string, unknown>> {
  const client = await connect(target, file, service);
  try {
    return await unary(client, method, request);
  } finally {
    client.close();
  }
}

const health = (target: string, service: string) =>
  call(target, "go-plugin/health.proto", "grpc.health.v1.Health", "Check", { service });
const query = (target: string, request: object) =>
  call(target, "legacy/datasource.proto", "models.DatasourcePlugin", "Query", request);

/**
 * Calls Shutdown on a connected client and returns when it was sent. Hosts ignore
 * its result: Go plugins too stop serving before the answer is out.
 */
async function shutdown(target: string): Promise<number> {
  const client = await connect(target, "go-plugin/plugin.proto", "plugin.GRPCController");
  const asked = performance.now();
  try {
    await unary(client, "Shutdown", {});
  } catch (error) {
    assert.ok([1, 14].includes((error as ServiceError).code), (error as Error).message);
  } finally {
    client.close();
  }
  return asked;
}

const serving = 1;

async function grpcCode(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as ServiceError).code;
  }
}

/** `count` consecutive ports on 127.0.0.1 that nothing listens on right now. */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 30_000 + Math.floor(Math.random() * 25_000);
    const servers: Server[] = [];
    let free = true;
    for (let port = base; port < base + count && free; port++) {
      const server = createServer();
      free = await new Promise<boolean>((resolve) => {
        server.once("error", () => resolve(false));
        server.listen(port, "127.0.0.1", () => resolve(true));
      });
      if (free) servers.push(server);
    }
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    if (free) return base;
  }
  throw new Error("no free port range on 127.0.0.1");
}

describe("the executable's go-plugin edges", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "v1-edges-"));
  });
  after(() => {
    for (const child of running) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, env] of [
    ["without the cookie", {}],
    ["with a wrong cookie", { grafana_plugin_type: "app" }],
  ] as const) {
    test(`${name}: go-plugin's three lines, a hint, exit 1, nothing on stdout`, async () => {
      const run = startShim(env);
      try {
        const { code } = await within(run.exited, 10_000, "exit");
        assert.equal(code, 1);
        assert.equal(run.stdout(), "");
        const lines = run.stderr().split("\n");
        assert.equal(lines.pop(), "", "the last line ends in a newline");
        assert.deepEqual(lines.slice(0, 3), [
          "This binary is a plugin. These are not meant to be executed directly.",
          "Please execute the program that consumes these plugins, which will",
          "load any plugins automatically",
        ]);
        assert.equal(lines.length, 4, run.stderr());
        assert.match(lines[3] ?? "", /--help/);
      } finally {
        await stop(run);
      }
    });
  }

  test("with the cookie: one handshake line, socket in PLUGIN_UNIX_SOCKET_DIR, health, Shutdown", async () => {
    const socketDir = join(dir, "sockets");
    mkdirSync(socketDir);
    const run = startShim({ ...cookie, PLUGIN_UNIX_SOCKET_DIR: socketDir });
    try {
      const line = await handshake(run);
      const socket = handshakeUnix.exec(line)?.[1];
      assert.ok(socket, `handshake ${JSON.stringify(line)}`);
      assert.match(socket, new RegExp(`^${socketDir}/plugin\\d+$`));
      assert.ok(statSync(socket).isSocket());

      const target = `unix:${socket}`;
      assert.equal((await health(target, "plugin")).status, serving);
      assert.equal((await health(target, "")).status, serving);
      assert.equal(await grpcCode(health(target, "no.such.Service")), 5, "NOT_FOUND");

      const asked = await shutdown(target);
      const { code } = await within(run.exited, 2_000, "exit after Shutdown");
      const took = run.exitedAt() - asked;
      assert.equal(code, 0);
      // Well under the 2 s grace: nothing was in flight, so the shim must not wait it out.
      assert.ok(took < 1000, `exit took ${took.toFixed(0)} ms after Shutdown`);
      assert.equal(existsSync(socket), false, "socket removed");
      assert.equal(run.stdout(), line, "nothing but the handshake on stdout");

      const entries = checkHclog(run.stderr());
      const started = entries.find((e) => e["@message"] === "plugin started");
      assert.equal(started?.["@level"], "info");
      assert.equal(started?.address, socket);
      assert.equal(
        entries.some((e) => e["@level"] === "debug"),
        false,
        "no debug lines at the default level",
      );
    } finally {
      await stop(run);
    }
  });

  test("a handler's console.log and process.stdout.write go to stderr, never stdout", async () => {
    const run = startShim({ ...cookie, GRAFANA_SHIM_HANDLER: stdoutHandler });
    try {
      const line = await handshake(run);
      const socket = handshakeUnix.exec(line)?.[1];
      assert.ok(socket, line);
      const target = `unix:${socket}`;
      const response = await query(target, {
        timeRange: { fromRaw: "now-1h", toRaw: "now", fromEpochMs: 1, toEpochMs: 2 },
        queries: [{ refId: "A" }, { refId: "B" }],
      });
      const results = response.results as Record<string, unknown>[];
      assert.deepEqual(
        results.map((r) => [r.refId, r.error, r.metaJson]),
        [
          ["A", "", '{"printed":true}'],
          ["B", "", '{"printed":true}'],
        ],
      );
      await shutdown(target);
      assert.equal((await within(run.exited, 2_000, "exit")).code, 0);
      assert.equal(run.stdout(), line, "stdout holds the handshake line alone");
      const stderr = run.stderr();
      for (const text of [
        "stdout-probe: console.log at import\n",
        "stdout-probe: console.log in query A\n",
        "stdout-probe: console.info in query\n",
        "stdout-probe: process.stdout.write in query B\n",
        "stdout-probe: write with a callback\n",
      ]) {
        assert.ok(stderr.includes(text), `stderr has ${JSON.stringify(text)}`);
      }
      checkHclog(stderr, /^stdout-probe: /);
    } finally {
      await stop(run);
    }
  });

  test("SIGINT is ignored; SIGTERM ends the plugin cleanly and removes the socket", async () => {
    const run = startShim({ ...cookie, GRAFANA_SHIM_LOG_LEVEL: "debug" });
    try {
      const socket = handshakeUnix.exec(await handshake(run))?.[1];
      assert.ok(socket);
      run.child.kill("SIGINT");
      await sleep(300);
      assert.equal(run.child.exitCode, null, "still running after SIGINT");
      assert.equal((await health(`unix:${socket}`, "plugin")).status, serving);

      run.child.kill("SIGTERM");
      const { code, signal } = await within(run.exited, 2_000, "exit after SIGTERM");
      assert.deepEqual({ code, signal }, { code: 0, signal: null });
      assert.equal(existsSync(socket), false, "socket removed");
      const entries = checkHclog(run.stderr());
      const messages = entries.map((e) => e["@message"]);
      assert.ok(
        messages.includes("ignoring SIGINT: the host stops plugins itself"),
        String(messages),
      );
      assert.ok(
        entries.some((e) => e["@message"] === "stopping" && e.reason === "SIGTERM"),
        String(messages),
      );
    } finally {
      await stop(run);
    }
  });

  test("TCP in the host's port range, skipping a port in use", async () => {
    const min = await freePorts(4);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(min, "127.0.0.1", resolve));
    const run = startShim({
      ...cookie,
      GRAFANA_SHIM_NETWORK: "tcp",
      PLUGIN_MIN_PORT: String(min),
      PLUGIN_MAX_PORT: String(min + 3),
    });
    try {
      const line = await handshake(run);
      const port = Number(/^1\|1\|tcp\|127\.0\.0\.1:(\d+)\|grpc\|\n$/.exec(line)?.[1]);
      assert.ok(port > min && port <= min + 3, `port in ${min + 1}-${min + 3}: ${line}`);
      const target = `127.0.0.1:${port}`;
      assert.equal((await health(target, "plugin")).status, serving);
      await shutdown(target);
      assert.equal((await within(run.exited, 2_000, "exit")).code, 0);
      assert.equal(run.stdout(), line);
      checkHclog(run.stderr());
    } finally {
      blocker.close();
      await stop(run);
    }
  });

  test("GRAFANA_SHIM_LOG_LEVEL=debug shows debug lines, =error hides info", async () => {
    const debug = startShim({ ...cookie, GRAFANA_SHIM_LOG_LEVEL: "debug" });
    const quiet = startShim({ ...cookie, GRAFANA_SHIM_LOG_LEVEL: "error" });
    try {
      for (const run of [debug, quiet]) {
        const socket = handshakeUnix.exec(await handshake(run))?.[1];
        assert.ok(socket);
        await shutdown(`unix:${socket}`);
        assert.equal((await within(run.exited, 2_000, "exit")).code, 0);
      }
      const debugLines = checkHclog(debug.stderr());
      assert.ok(
        debugLines.some(
          (e) => e["@level"] === "debug" && e["@message"] === "host asked to shut down",
        ),
        debug.stderr(),
      );
      assert.ok(debugLines.some((e) => e["@message"] === "plugin started"));
      const quietLines = checkHclog(quiet.stderr());
      assert.deepEqual(
        quietLines.filter((e) => e["@level"] !== "error"),
        [],
        "nothing below error",
      );
    } finally {
      await Promise.all([stop(debug), stop(quiet)]);
    }
  });

  test("a handler path that does not exist: the plugin starts and every query names the path", async () => {
    const missing = join(dir, "no-such-folder", "handler.js");
    const requests = join(dir, "missing-handler-requests.json");
    const out = join(dir, "missing-handler-report.json");
    writeFileSync(
      requests,
      JSON.stringify([
        {
          timeRange: { fromRaw: "now-1h", toRaw: "now", fromEpochMs: "1", toEpochMs: "2" },
          queries: [{ refId: "A", modelJson: "{}" }, { refId: "B" }],
        },
      ]),
    );
    const env = cleanEnv({ TMPDIR: dir, GRAFANA_SHIM_HANDLER: missing });
    await new Promise<void>((resolve, reject) =>
      execFile(
        hostCurrent,
        ["-plugin", shim, "-requests", requests, "-out", out, "-timeout", "30s"],
        { env, timeout: 40_000 },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
      ),
    );
    const report = JSON.parse(readFileSync(out, "utf8")) as {
      negotiatedVersion: number;
      results: { response?: { results: { refId: string; error: string }[] } }[];
      hostLog: Record<string, unknown>[];
    };
    assert.equal(report.negotiatedVersion, 1);
    const results = report.results[0]?.response?.results ?? [];
    assert.deepEqual(
      results.map((r) => r.refId),
      ["A", "B"],
    );
    for (const r of results) {
      assert.ok(r.error.startsWith("grafana-shim is misconfigured: cannot load handler"), r.error);
      assert.ok(r.error.includes(missing), `${r.error} names ${missing}`);
    }
    const logged = report.hostLog.find(
      (e) => typeof e["@message"] === "string" && e["@message"].includes(missing),
    );
    assert.equal(logged?.["@level"], "error", "the shim logged why at startup");
  });
});
