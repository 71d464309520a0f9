/** The one stdout line a go-plugin plugin prints (docs/protocol.md#the-handshake-line). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { handshakeLine } from "../../../../src/protocol/go-plugin/handshake-line.js";

describe("handshakeLine", () => {
  test("unix socket: 6 fields, the last empty, so the line ends in |", () => {
    const line = handshakeLine({ appVersion: 1, network: "unix", address: "/tmp/plugin123" });
    assert.equal(line, "1|1|unix|/tmp/plugin123|grpc|\n");
    assert.equal(line.trimEnd().split("|").length, 6);
  });

  test("TCP address", () => {
    const line = handshakeLine({ appVersion: 1, network: "tcp", address: "127.0.0.1:10000" });
    assert.equal(line, "1|1|tcp|127.0.0.1:10000|grpc|\n");
  });

  test("a host that reads 5 fields sees core version, app version, network, address, protocol", () => {
    const line = handshakeLine({ appVersion: 2, network: "unix", address: "/run/p/plugin9" });
    assert.deepEqual(line.trimEnd().split("|").slice(0, 5), [
      "1",
      "2",
      "unix",
      "/run/p/plugin9",
      "grpc",
    ]);
  });

  test("AutoMTLS: the certificate is the 6th field and nothing follows it", () => {
    const cert = "MIIBkTCB-base64-without-padding";
    const line = handshakeLine({
      appVersion: 1,
      network: "unix",
      address: "/tmp/plugin1",
      serverCert: cert,
    });
    assert.equal(line, `1|1|unix|/tmp/plugin1|grpc|${cert}\n`);
    assert.equal(line.trimEnd().split("|")[5], cert);
  });

  test("exactly one newline, at the end", () => {
    const line = handshakeLine({ appVersion: 1, network: "tcp", address: "127.0.0.1:1" });
    assert.equal(line.indexOf("\n"), line.length - 1);
  });
});
