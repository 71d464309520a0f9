/**
 * Plugins that cannot be started, each a real process (or a path that is not
 * one): every case ends in one clear error, no crash and no process left behind.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { startPluginClient } from "../../src/client/plugin-client.js";
import { ShimError } from "../../src/errors.js";
import { capturingLogger, FakePlugins } from "./fake-plugins.js";

const fakes = new FakePlugins();
after(() => fakes.remove());

function start(path: string, startTimeoutMs = 5000, versions: readonly number[] = [1]) {
  return startPluginClient({ path, versions, log: capturingLogger().log, startTimeoutMs });
}

async function failsWith(
  path: string,
  message: RegExp,
  startTimeoutMs?: number,
): Promise<ShimError> {
  const started = Date.now();
  let error: unknown;
  await start(path, startTimeoutMs).then(
    (client) => client.stop(),
    (thrown: unknown) => {
      error = thrown;
    },
  );
  assert.ok(error instanceof ShimError, `expected a ShimError, got ${String(error)}`);
  assert.match(error.message, message);
  assert.ok(Date.now() - started < 10_000);
  return error;
}

describe("a plugin that cannot be started gets a clear error", () => {
  test("the path does not exist", async () => {
    const e = await failsWith(
      `${fakes.dir}/missing-plugin`,
      /plugin executable .*missing-plugin does not exist/,
    );
    assert.equal(e.code, "not_found");
  });

  test("the path is a folder", async () => {
    await failsWith(fakes.folder("a-folder"), /is not a file/);
  });

  test("the file is not executable", async () => {
    await failsWith(
      fakes.script("plain", "exit 0", 0o644),
      /is not executable \(mode 0644; chmod \+x it\)/,
    );
  });

  test("its interpreter does not exist", async () => {
    const path = fakes.script("bad-shebang", "");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, "#!/nonexistent/interpreter\n");
    await failsWith(path, /cannot start plugin .*bad-shebang|exited before we could connect/);
  });

  test("it prints a wrong handshake", async () => {
    await failsWith(
      fakes.script("chatty", 'echo "starting the plugin..."; sleep 5'),
      /wrong handshake line "starting the plugin..."/,
    );
  });

  test("it answers a version that was not offered", async () => {
    await failsWith(
      fakes.script("v2-only", 'echo "1|2|unix|/tmp/x|grpc|"; sleep 5'),
      /Incompatible API version with plugin. Plugin version: 2, Client versions: \[1\]/,
    );
  });

  test("it speaks net/rpc", async () => {
    await failsWith(
      fakes.script("netrpc", 'echo "1|1|tcp|127.0.0.1:1|netrpc"; sleep 5'),
      /not grpc \(net\/rpc plugins are not supported\)/,
    );
  });

  test("it prints no handshake within the start timeout, and is killed", async () => {
    const path = fakes.script("silent", 'echo "pid $$" >&2; exec sleep 30');
    const e = await failsWith(
      path,
      /timeout while waiting for plugin .*silent to start: no handshake line within 400 ms/,
      400,
    );
    const pid = Number(/pid (\d+)/.exec(e.message)?.[1]);
    assert.ok(pid > 0, "the message quotes the plugin's stderr");
    await delay(100);
    assert.throws(() => process.kill(pid, 0), "the silent plugin was killed");
  });

  test("it exits at once, and its stderr is quoted", async () => {
    const path = fakes.script(
      "no-cookie",
      'echo "This binary is a plugin. These are not meant to be executed directly." >&2; exit 1',
    );
    await failsWith(
      path,
      /exited before we could connect \(exit code 1\); its stderr:\nThis binary is a plugin/,
    );
  });

  test("it is killed by a signal before its handshake", async () => {
    await failsWith(
      fakes.script("killed", "kill -9 $$"),
      /exited before we could connect \(killed by SIGKILL\)/,
    );
  });

  test("its handshake names a socket nobody listens on", async () => {
    const path = fakes.script(
      "liar",
      `echo "1|1|unix|${fakes.dir}/no-socket|grpc|"; exec sleep 30`,
    );
    await failsWith(path, /cannot connect to the plugin at unix .*no-socket/, 700);
  });
});
