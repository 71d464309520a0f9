/** `grafana-shim package`'s frontend choice: --frontend, --grafana, and plugin.json for the React one. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readPackageArgs } from "../../src/cli/package-args.js";
import {
  frontendForGrafana,
  grafanaDependency,
  reactPluginJson,
} from "../../src/cli/package-frontend.js";
import { ShimError } from "../../src/errors.js";

describe("frontendForGrafana", () => {
  const cases: [string, string | undefined][] = [
    ["6.0.0", "legacy"],
    ["7.5.17", "legacy"],
    ["8", "legacy"],
    ["8.5.27", "legacy"],
    ["8.99", "legacy"],
    ["9", "react"],
    ["9.0.0", "react"],
    ["v9.0.0-beta1", "react"],
    ["10.4", "react"],
    ["12.3.0", "react"],
    ["13.2.3+security-01", "react"],
    ["", undefined],
    ["latest", undefined],
    ["9.x", undefined],
  ];
  for (const [version, expected] of cases) {
    it(`${JSON.stringify(version)} → ${expected}`, () =>
      assert.equal(frontendForGrafana(version), expected));
  }
});

describe("package --frontend and --grafana", () => {
  const base = ["--plugin-dir", "old"];
  const frontendOf = (...argv: string[]) => readPackageArgs([...base, ...argv]).frontend;
  const usageOf = (...argv: string[]) => {
    try {
      readPackageArgs([...base, ...argv]);
    } catch (thrown) {
      assert.ok(thrown instanceof ShimError);
      assert.equal(thrown.code, "invalid_argument");
      return thrown.message;
    }
    assert.fail("expected a usage error");
  };

  it("react by default, legacy when asked or for Grafana before 9", () => {
    assert.equal(frontendOf(), "react");
    assert.equal(frontendOf("--frontend", "legacy"), "legacy");
    assert.equal(frontendOf("--grafana", "8.5.2"), "legacy");
    assert.equal(frontendOf("--grafana", "11.3"), "react");
    assert.equal(frontendOf("--frontend", "react", "--grafana", "9.0.0"), "react");
  });

  it("unknown values and contradictions are usage errors that say what fits", () => {
    assert.match(usageOf("--frontend", "angular"), /--frontend "angular": react or legacy/);
    assert.match(usageOf("--grafana", "latest"), /--grafana "latest": a version such as/);
    assert.match(
      usageOf("--frontend", "react", "--grafana", "8.4"),
      /does not fit --grafana 8.4: Grafana before 9.0 needs legacy/,
    );
  });
});

describe("reactPluginJson", () => {
  it("keeps id, name and logos; sets the features and the tested Grafana range; drops Angular partials", () => {
    const old = {
      id: "acme-json-datasource",
      name: "Acme JSON",
      type: "datasource",
      partials: { config: "partials/config.html" },
      metrics: true,
      annotations: false,
      executable: "acme-plugin",
      info: { logos: { small: "img/a.svg", large: "img/b.svg" }, version: "2.1.0" },
      dependencies: { grafanaVersion: "6.x.x", plugins: [] },
    };
    assert.deepEqual(reactPluginJson(old), {
      id: "acme-json-datasource",
      name: "Acme JSON",
      type: "datasource",
      metrics: true,
      annotations: true,
      alerting: true,
      executable: "acme-plugin",
      info: { logos: { small: "img/a.svg", large: "img/b.svg" }, version: "2.1.0" },
      dependencies: { plugins: [], grafanaDependency: ">=9.0.0" },
    });
    assert.equal(grafanaDependency, ">=9.0.0");
  });
});
