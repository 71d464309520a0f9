/** Reading a plugin's handshake line: what go-plugin's client accepts, and clear errors for the rest. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseHandshakeLine, serverCertPem } from "../../src/client/handshake-parse.js";
import { ShimError } from "../../src/errors.js";
import { handshakeLine } from "../../src/protocol/go-plugin/handshake-line.js";

const cert = "MIIB".padEnd(120, "A");

describe("parseHandshakeLine", () => {
  const good: [string, string, readonly number[], object][] = [
    [
      "Go plugin, unix",
      "1|1|unix|/tmp/plugin123|grpc|\n",
      [1],
      { appVersion: 1, network: "unix", address: "/tmp/plugin123" },
    ],
    [
      "five fields",
      "1|2|tcp|127.0.0.1:10000|grpc",
      [2],
      { appVersion: 2, network: "tcp", address: "127.0.0.1:10000" },
    ],
    [
      "with a certificate",
      `1|2|unix|/s|grpc|${cert}`,
      [1, 2],
      { appVersion: 2, network: "unix", address: "/s", serverCert: cert },
    ],
    [
      "short junk in the 6th field is no certificate",
      "1|1|unix|/s|grpc|xyz",
      [1],
      { appVersion: 1, network: "unix", address: "/s" },
    ],
    [
      "CRLF and spaces",
      "  1|1|unix|/s|grpc|\r\n",
      [1],
      { appVersion: 1, network: "unix", address: "/s" },
    ],
  ];
  for (const [name, line, offered, expected] of good) {
    test(name, () => assert.deepEqual(parseHandshakeLine(line, offered), expected));
  }

  test("is the mirror of the server's handshakeLine", () => {
    const h = {
      appVersion: 2,
      network: "tcp",
      address: "127.0.0.1:12345",
      serverCert: cert,
    } as const;
    assert.deepEqual(parseHandshakeLine(handshakeLine(h), [2]), h);
  });

  const bad: [string, string, RegExp][] = [
    ["a log line", "2024/01/01 starting up", /wrong handshake line .*at least 4 fields/],
    ["empty", "", /at least 4 fields/],
    ["core version 2", "2|1|unix|/s|grpc|", /core protocol version "2" is not 1/],
    ["app version not a number", "1|x|unix|/s|grpc|", /app version "x" is not a number/],
    [
      "version not offered",
      "1|2|unix|/s|grpc|",
      /Incompatible API version with plugin. Plugin version: 2, Client versions: \[1\]/,
    ],
    ["unknown network", "1|1|pipe|/s|grpc|", /network "pipe" is neither unix nor tcp/],
    ["empty address", "1|1|unix||grpc|", /address is empty/],
    ["net/rpc", "1|1|unix|/s|netrpc|", /protocol "netrpc" is not grpc/],
    ["no protocol field means net/rpc", "1|1|unix|/s", /protocol "netrpc" is not grpc/],
  ];
  for (const [name, line, message] of bad) {
    test(`refuses ${name}`, () => {
      assert.throws(
        () => parseHandshakeLine(line, [1]),
        (e: unknown) =>
          e instanceof ShimError && e.code === "unavailable" && message.test(e.message),
      );
    });
  }

  test("a very long line is cut in the message", () => {
    assert.throws(
      () => parseHandshakeLine("x".repeat(5000), [1]),
      (e: Error) => e.message.length < 400,
    );
  });
});

test("serverCertPem wraps base64 DER (no padding) as PEM", () => {
  const pem = serverCertPem(
    Buffer.from("certificate bytes!").toString("base64").replace(/=+$/, ""),
  );
  assert.match(
    pem,
    /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/,
  );
  assert.equal(Buffer.from(pem.split("\n")[1] ?? "", "base64").toString(), "certificate bytes!");
});
