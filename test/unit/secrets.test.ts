/**
 * The one redaction mechanism (src/secrets.ts) on its own: every form of a secret, excerpts cut
 * inside one, bytes that are not UTF-8, URLs shown without their password, the
 * secrets a datasource or a request's headers hold, and fixtures redacted with them.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { redactExchange } from "../../src/replay/fixture/redact.js";
import {
  datasourceSecrets,
  headerSecrets,
  redacted,
  Secrets,
  urlWithoutPassword,
} from "../../src/secrets.js";

const secret = 'pa ss/wörd+"x"';
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("Secrets", () => {
  const secrets = Secrets.of([secret]);

  test("every form of a secret is replaced", () => {
    const forms = [
      secret,
      b64(secret),
      b64(secret).replace(/=+$/, ""),
      Buffer.from(secret).toString("base64url"),
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      encodeURIComponent(secret).replace(/%20/g, "+"),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) {
      assert.equal(secrets.text(`<${form}>`), `<${redacted}>`, form);
    }
  });

  test("a secret that contains another is replaced whole", () => {
    const both = Secrets.of(["abcd", "xxabcdxx"]);
    assert.equal(both.text("1 xxabcdxx 2 abcd"), `1 ${redacted} 2 ${redacted}`);
  });

  test("an excerpt cut inside a secret loses the secret's start", () => {
    const pair = b64("grafana:long-password-1");
    assert.equal(
      Secrets.of(["grafana:long-password-1"]).text(`x Basic ${pair.slice(0, 12)}…`),
      `x Basic ${redacted}…`,
    );
    assert.equal(secrets.text("ordinary text…"), "ordinary text…");
  });

  test("short values are not searched for, and none at all changes nothing", () => {
    assert.equal(Secrets.of(["abc"]).text("abc abc"), "abc abc");
    assert.equal(Secrets.none.text(secret), secret);
    assert.equal(Secrets.of([undefined, ""]).empty, true);
  });

  test("bytes: replaced where found, untouched (the same array) otherwise, even when not UTF-8", () => {
    const binary = Uint8Array.from([0xff, 0xfe, ...Buffer.from(secret), 0x80]);
    const out = secrets.bytes(binary);
    assert.deepEqual([...out], [0xff, 0xfe, ...Buffer.from(redacted), 0x80]);
    const clean = Uint8Array.from([0xff, 1, 2, 3]);
    assert.equal(secrets.bytes(clean), clean);
  });

  test("json: strings and keys, deep", () => {
    assert.deepEqual(secrets.json({ [secret]: [secret, 1, { a: `x${secret}` }] }), {
      [redacted]: [redacted, 1, { a: `x${redacted}` }],
    });
  });
});

describe("urlWithoutPassword", () => {
  const cases: [string, string][] = [
    ["http://admin:pw@host:3003/api", "http://admin@host:3003/api"],
    ["https://a:p%40ss@w@h/x?y=1", "https://a@h/x?y=1"],
    ["http://user@host/", "http://user@host/"],
    ["http://host/path?q=a:b@c", "http://host/path?q=a:b@c"],
    ["  http://u:p@h", "  http://u@h"],
    ["//u:p@h/x", "//u@h/x"],
    ["1nvalid:p w@host", "1nvalid@host"],
    ["", ""],
  ];
  for (const [url, shown] of cases) {
    test(JSON.stringify(url), () => assert.equal(urlWithoutPassword(url), shown));
  }
});

describe("the secrets of settings and headers", () => {
  test("a datasource: secure values, the URL's password (as written and decoded), Basic pairs", () => {
    const secrets = datasourceSecrets({
      url: "http://admin:p%40ss-word@h/",
      basicAuthUser: "grafana",
      jsonData: {},
      decryptedSecureJsonData: { basicAuthPassword: "basic-pw-1", httpHeaderValue1: "key-1234" },
    });
    const text = [
      "p%40ss-word",
      "p@ss-word",
      "basic-pw-1",
      "key-1234",
      b64("grafana:basic-pw-1"),
      b64("admin:p@ss-word"),
      b64("grafana:p@ss-word"),
    ].join(" ");
    assert.equal(secrets.text(text), Array(7).fill(redacted).join(" "));
    assert.equal(secrets.text("admin grafana h"), "admin grafana h", "user names stay");
  });

  test("headers: each credential, the token after its scheme, Basic pairs, every cookie's value", () => {
    const secrets = headerSecrets({
      http_Authorization: `Basic ${b64("ann:ann-pw-9")}`,
      "X-Id-Token": "id-token-7",
      Cookie: ["session=cookie-v-1; theme=dark"],
      "Content-Type": "application/json",
    });
    assert.equal(
      secrets.text(`${b64("ann:ann-pw-9")} ann-pw-9 id-token-7 cookie-v-1 dark application/json`),
      `${redacted} ${redacted} ${redacted} ${redacted} ${redacted} application/json`,
    );
  });
});

test("fixtures: what the recorder knows is redacted in every form, in request and response", () => {
  const known = datasourceSecrets({
    url: "http://admin:url-pw-5@h/",
    jsonData: {},
    decryptedSecureJsonData: {},
  });
  const { request, response } = redactExchange(
    { datasource: { url: "http://admin:url-pw-5@h/" }, headers: { "http_X-Id-Token": "tok-123" } },
    { error: `echo: Basic ${b64("admin:url-pw-5")} and tok-123 as ${b64("tok-123")}` },
    known,
  );
  assert.deepEqual(request, {
    datasource: { url: `http://${redacted}@h/` },
    headers: { "http_X-Id-Token": redacted },
  });
  assert.deepEqual(response, { error: `echo: Basic ${redacted} and ${redacted} as ${redacted}` });
});
