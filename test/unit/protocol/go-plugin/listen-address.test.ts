/** Where the plugin listens: unix socket path, TCP port range, network choice. */
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ShimError } from "../../../../src/errors.js";
import {
  chooseNetwork,
  portRange,
  socketPath,
} from "../../../../src/protocol/go-plugin/listen-address.js";

describe("socketPath", () => {
  test("PLUGIN_UNIX_SOCKET_DIR is honoured", () => {
    assert.equal(
      socketPath({ PLUGIN_UNIX_SOCKET_DIR: "/run/sockets" }, 1234567890),
      "/run/sockets/plugin1234567890",
    );
  });
  test("empty PLUGIN_UNIX_SOCKET_DIR means the temp dir", () => {
    assert.equal(socketPath({ PLUGIN_UNIX_SOCKET_DIR: "" }, 42), join(tmpdir(), "plugin42"));
  });
  test("default: plugin<digits> under the temp dir, different each time", () => {
    const a = socketPath({});
    const b = socketPath({});
    assert.match(a, /\/plugin\d{10}$/);
    assert.ok(a.startsWith(tmpdir()));
    assert.notEqual(a, b);
  });
});

describe("portRange", () => {
  test("go-plugin's defaults", () => assert.deepEqual(portRange({}), { min: 10000, max: 25000 }));
  test("from the host", () =>
    assert.deepEqual(portRange({ PLUGIN_MIN_PORT: "40000", PLUGIN_MAX_PORT: "40010" }), {
      min: 40000,
      max: 40010,
    }));
  test("a one-port range", () =>
    assert.deepEqual(portRange({ PLUGIN_MIN_PORT: "5000", PLUGIN_MAX_PORT: "5000" }), {
      min: 5000,
      max: 5000,
    }));
  test("min > max: an error naming both variables and values", () => {
    assert.throws(
      () => portRange({ PLUGIN_MIN_PORT: "20000", PLUGIN_MAX_PORT: "10000" }),
      (error: unknown) =>
        error instanceof ShimError &&
        error.code === "invalid_argument" &&
        error.message ===
          "PLUGIN_MIN_PORT (20000) is greater than PLUGIN_MAX_PORT (10000): no port to listen on",
    );
  });
  test("min above the default max", () =>
    assert.throws(
      () => portRange({ PLUGIN_MIN_PORT: "30000" }),
      /PLUGIN_MIN_PORT \(30000\).*PLUGIN_MAX_PORT \(25000\)/,
    ));
  for (const [name, text] of [
    ["PLUGIN_MIN_PORT", "abc"],
    ["PLUGIN_MAX_PORT", "12ab"],
    ["PLUGIN_MIN_PORT", "1.5"],
    ["PLUGIN_MIN_PORT", "0"],
    ["PLUGIN_MAX_PORT", "65536"],
    ["PLUGIN_MAX_PORT", "-1"],
    ["PLUGIN_MIN_PORT", " "],
  ] as const) {
    test(`${name}=${JSON.stringify(text)} is not a port`, () => {
      assert.throws(
        () => portRange({ [name]: text }),
        (error: unknown) =>
          error instanceof ShimError && error.message === `${name}=${text} is not a port number`,
      );
    });
  }
});

describe("chooseNetwork", () => {
  const cases: readonly [NodeJS.Platform, "unix" | "tcp" | undefined, "unix" | "tcp"][] = [
    ["linux", undefined, "unix"],
    ["darwin", undefined, "unix"],
    ["win32", undefined, "tcp"],
    ["linux", "tcp", "tcp"],
    ["win32", "unix", "unix"],
  ];
  for (const [platform, forced, want] of cases) {
    test(`${platform}, forced ${forced ?? "nothing"} → ${want}`, () =>
      assert.equal(chooseNetwork(platform, forced), want));
  }
});
