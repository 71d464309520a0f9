/**
 * Settings are read once per distinct datasource settings and forwarded credentials: the same
 * settings give the same object, any change (a password, a header, the caller's token) gives
 * settings of its own, with its own secrets redacted.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { upstreamSettingsOf } from "../../src/backends/simplejson/settings.js";
import { datasource } from "./requests.js";

const url = "http://127.0.0.1:3003";
const basic = (password: string) =>
  datasource(url, {
    basicAuthEnabled: true,
    basicAuthUser: "admin",
    decryptedSecureJsonData: { basicAuthPassword: password },
  });

describe("settings read once per distinct settings", () => {
  test("equal settings (a new object each call, as requests decode them) give the same settings", () => {
    assert.equal(
      upstreamSettingsOf(basic("first-secret")),
      upstreamSettingsOf(basic("first-secret")),
    );
  });

  test("a changed password gives its own header and its own secrets", () => {
    const before = upstreamSettingsOf(basic("first-secret"));
    const after = upstreamSettingsOf(basic("second-secret"));
    assert.notEqual(before, after);
    const header = (password: string) =>
      `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
    assert.equal(before.headers.Authorization, header("first-secret"));
    assert.equal(after.headers.Authorization, header("second-secret"));
    assert.equal(after.secrets.text("was second-secret"), "was [redacted]");
    assert.equal(after.secrets.text(header("second-secret")), "Basic [redacted]");
    assert.equal(after.secrets.text("first-secret"), "first-secret", "not the other's secret");
  });

  test("each caller's forwarded token is its own: sent, and redacted", () => {
    const ds = datasource(url, { jsonData: { oauthPassThru: true } });
    const alice = upstreamSettingsOf(ds, { Authorization: "Bearer alice-token" });
    const bob = upstreamSettingsOf(ds, { Authorization: "Bearer bob-token" });
    assert.equal(alice.headers.Authorization, "Bearer alice-token");
    assert.equal(bob.headers.Authorization, "Bearer bob-token");
    assert.equal(bob.secrets.text("bob-token and alice-token"), "[redacted] and alice-token");
    assert.equal(upstreamSettingsOf(ds, { Authorization: "Bearer alice-token" }), alice);
  });

  test("a changed setting takes effect at once", () => {
    const slow = upstreamSettingsOf(datasource(url, { jsonData: { timeout: 5 } }));
    const fast = upstreamSettingsOf(datasource(url, { jsonData: { timeout: 1 } }));
    assert.equal(slow.timeoutMs, 5000);
    assert.equal(fast.timeoutMs, 1000);
  });
});
