/** The environment a plugin gets: the host's own, minus another host's settings, plus go-plugin's. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pluginEnvironment } from "../../src/client/environment.js";

test("sets the cookie, ports, versions and keeps the rest", () => {
  const env = pluginEnvironment({
    base: { PATH: "/bin", HOME: "/root", GF_PATHS_DATA: "/var" },
    versions: [1, 2],
    ports: { min: 10000, max: 25000 },
  });
  assert.deepEqual(env, {
    PATH: "/bin",
    HOME: "/root",
    GF_PATHS_DATA: "/var",
    grafana_plugin_type: "datasource",
    PLUGIN_MIN_PORT: "10000",
    PLUGIN_MAX_PORT: "25000",
    PLUGIN_PROTOCOL_VERSIONS: "1,2",
  });
});

test("drops what a host set for this process (it is itself a plugin)", () => {
  const env = pluginEnvironment({
    base: {
      grafana_plugin_type: "other",
      PLUGIN_PROTOCOL_VERSIONS: "2",
      PLUGIN_CLIENT_CERT: "old",
      PLUGIN_UNIX_SOCKET_DIR: "/old",
      KEEP: "1",
    },
    versions: [1],
    ports: { min: 1, max: 2 },
  });
  assert.equal(env.PLUGIN_PROTOCOL_VERSIONS, "1");
  assert.equal(env.grafana_plugin_type, "datasource");
  assert.equal(env.PLUGIN_CLIENT_CERT, undefined);
  assert.equal(env.PLUGIN_UNIX_SOCKET_DIR, undefined);
  assert.equal(env.KEEP, "1");
});

test("AutoMTLS certificate, socket folder and extras", () => {
  const env = pluginEnvironment({
    base: {},
    versions: [2],
    ports: { min: 1, max: 2 },
    clientCertPem: "PEM",
    unixSocketDir: "/run/p",
    extra: { GF_VERSION: "11.3.0", PLUGIN_MIN_PORT: "ignored" },
  });
  assert.equal(env.PLUGIN_CLIENT_CERT, "PEM");
  assert.equal(env.PLUGIN_UNIX_SOCKET_DIR, "/run/p");
  assert.equal(env.GF_VERSION, "11.3.0");
  assert.equal(env.PLUGIN_MIN_PORT, "1", "go-plugin's variables win over extras");
});
