/** The magic cookie check and what a plugin started by hand prints. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hasMagicCookie, notAPluginLines } from "../../../../src/protocol/go-plugin/cookie.js";

describe("hasMagicCookie", () => {
  const cases: readonly [string, NodeJS.ProcessEnv, boolean][] = [
    ["set by Grafana", { grafana_plugin_type: "datasource" }, true],
    ["missing", {}, false],
    ["empty", { grafana_plugin_type: "" }, false],
    ["other value", { grafana_plugin_type: "app" }, false],
    ["case differs", { grafana_plugin_type: "Datasource" }, false],
    ["trailing space", { grafana_plugin_type: "datasource " }, false],
    ["key case differs", { GRAFANA_PLUGIN_TYPE: "datasource" }, false],
  ];
  for (const [name, env, want] of cases) test(name, () => assert.equal(hasMagicCookie(env), want));
});

test("the three lines go-plugin prints", () => {
  assert.deepEqual(notAPluginLines, [
    "This binary is a plugin. These are not meant to be executed directly.",
    "Please execute the program that consumes these plugins, which will",
    "load any plugins automatically",
  ]);
});
