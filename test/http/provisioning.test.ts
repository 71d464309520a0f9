// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in plain strings is the input under test
/**
 * Datasources from Grafana provisioning YAML: `$VAR` expansion checked against
 * Go's own os.Expand (test/go/gtime/cmd/expand-oracle), Grafana's `$$` and
 * `$__env{}`/`$__file{}`, YAML 1.1 types in jsonData, and the problems a file
 * can have, each named with its file and path.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { expandEnv, interpolate } from "../../src/datasources/expand-env.js";
import { loadProvisioning } from "../../src/datasources/provisioning.js";
import { messageOf } from "../../src/errors.js";
import { fixtures, root } from "./gateway.js";

const dir = mkdtempSync(join(tmpdir(), "grafana-shim-provisioning-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const env = { A: "alpha", B_2: "two", EMPTY: "", "1": "one", HOST: "db.example" };

describe("environment expansion", () => {
  test("expandEnv is Go's os.Expand", () => {
    const values = [
      "$A",
      "${A}",
      "x$A.y",
      "$A$B_2",
      "${B_2}x",
      "$UNSET-",
      "${UNSET}",
      "$EMPTY|",
      "$",
      "a$",
      "$$",
      "$1",
      "${1}",
      "${}",
      "${A",
      "${ $ $$ $1 ${1} ${A",
      "$-x",
      "$@",
      "$é",
      "${A}${A}$A",
      "100%$",
      "$A_",
      "{$A}",
    ];
    const oracle = join(root, "test/.bin/expand-oracle");
    const expected = JSON.parse(
      execFileSync(oracle, { input: JSON.stringify({ env, values }) }).toString(),
    );
    assert.deepEqual(
      values.map((v) => expandEnv(v, env)),
      expected,
    );
  });

  test("Grafana's interpolation: $$ is a literal $, then $__env{}, $__file{} and ${}", () => {
    const secret = join(dir, "secret.txt");
    writeFileSync(secret, "  s3cret\n");
    assert.equal(interpolate("price: $$5 and $$A", env), "price: $5 and $A");
    assert.equal(interpolate("$__env{HOST}:5432/$A", env), "db.example:5432/alpha");
    assert.equal(interpolate(`$__file{${secret}}`, env), "s3cret");
    assert.throws(
      () => interpolate(`$__file{${join(dir, "missing")}}`, env),
      /\$__file\{.*missing\}: ENOENT/,
    );
  });
});

function provision(name: string, yaml: string) {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return () => loadProvisioning(file, env);
}

describe("provisioning files", () => {
  test("the fixture reads as Grafana reads it", () => {
    const fileEnv = {
      UPSTREAM_URL: "http://up:9090",
      DB_USER: "grafana",
      SECRET_PASSWORD: "pw",
      SECRET_API_KEY: "key",
    };
    const [ok, broken] = loadProvisioning(join(fixtures, "provisioning.yaml"), fileEnv);
    assert.equal(ok?.url, "http://up:9090/api");
    assert.equal(ok?.user, "grafana");
    assert.equal(ok?.id, 1, "ids are given in order, skipping explicit ones");
    assert.deepEqual(ok?.jsonData, {
      health: {
        status: "ok",
        message: "upstream http://up:9090 is fine",
        details: { checked: true },
      },
      price: "$5",
      retries: 83, // YAML 1.1 octal, as gopkg.in/yaml.v2 reads it
    });
    assert.deepEqual(ok?.decryptedSecureJsonData, { password: "pw", apiKey: "key" });
    assert.equal(broken?.id, 7);
    assert.deepEqual(broken?.decryptedSecureJsonData, { basicAuthPassword: "pw" });
    assert.equal(broken?.readOnly, true);
    assert.match(broken?.uid ?? "", /^echo-broken$/);
  });

  test("a folder of files, and a stable uid where none is given", () => {
    const sub = join(dir, "folder");
    mkdirSync(sub);
    writeFileSync(
      join(sub, "b.yaml"),
      "apiVersion: 1\ndatasources:\n  - {name: Second, type: t}\n",
    );
    writeFileSync(
      join(sub, "a.yml"),
      "apiVersion: 1\ndatasources:\n  - {name: First, type: t, uid: first}\n",
    );
    writeFileSync(join(sub, "notes.txt"), "ignored");
    const all = loadProvisioning(sub, env);
    assert.deepEqual(
      all.map((d) => [d.name, d.id]),
      [
        ["First", 1],
        ["Second", 2],
      ],
    );
    assert.equal(all[1]?.uid, loadProvisioning(sub, env)[1]?.uid);
    assert.match(all[1]?.uid ?? "", /^ds-[0-9a-f]{12}$/);
  });

  test("every problem is named with its file and path", () => {
    const load = provision(
      "bad.yaml",
      [
        "apiVersion: 1",
        "datasources:",
        "  - name: One",
        "    type: t",
        "    uid: same",
        "    basicAuth: yes", // Grafana's strconv.ParseBool refuses YAML 1.1 "yes"
        "    isDefault: true",
        "  - name: Two",
        "    type: t",
        "    uid: same",
        "    id: x1",
        "    isDefault: true",
        "  - type: t",
        "    uid: 'bad uid!'",
        "    jsonData: [1, 2]",
      ].join("\n"),
    );
    const message = (() => {
      try {
        load();
        return "";
      } catch (thrown) {
        return messageOf(thrown);
      }
    })();
    const file = join(dir, "bad.yaml");
    for (const part of [
      `${file}: datasources[0].basicAuth: must be true or false, not "yes"`,
      `${file}: datasources[1].id: must be an integer, not "x1"`,
      `${file}: datasources[2].jsonData: must be a mapping`,
      `datasource "Two": same uid as datasource "One"`,
      `datasource "Two": Only one datasource per organization can be marked as default`,
      `datasource "bad uid!": name is required`,
      `uid "bad uid!" must be 1-40 of a-z A-Z 0-9 - _`,
    ]) {
      assert.ok(message.includes(part), `missing ${JSON.stringify(part)} in:\n${message}`);
    }
  });

  test("YAML syntax errors and missing files", () => {
    assert.throws(
      provision("syntax.yaml", "datasources: [\n"),
      /invalid datasource provisioning: .*syntax\.yaml: /,
    );
    assert.throws(
      () => loadProvisioning(join(dir, "none.yaml"), env),
      /cannot read datasources from .*none\.yaml: ENOENT/,
    );
  });
});
