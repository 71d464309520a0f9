/**
 * Reading the plugin's handshake line, the mirror of handshake-line.ts, with
 * go-plugin's client rules (client.go): core version 1, an offered app version,
 * unix or tcp, grpc, and a server certificate only when the 6th field is long
 * enough to be one (older plugins print short junk there).
 */
import { ErrorCode, ShimError } from "../errors.js";
import type { Handshake } from "../protocol/go-plugin/handshake-line.js";

const coreVersion = 1;
/** go-plugin ignores a 6th field of 50 characters or fewer. */
const shortestCert = 51;

/** `1|<appVersion>|<unix|tcp>|<address>|grpc|<cert>`; a ShimError says what is wrong. */
export function parseHandshakeLine(line: string, offered: readonly number[]): Handshake {
  const text = line.trim();
  const parts = text.split("|");
  if (parts.length < 4) {
    throw wrong(text, "it needs at least 4 fields separated by |; is this a go-plugin plugin?");
  }
  const [core = "", app = "", network = "", address = "", protocol = "netrpc", cert = ""] = parts;
  if (core !== String(coreVersion)) {
    throw wrong(text, `core protocol version ${JSON.stringify(core)} is not ${coreVersion}`);
  }
  const appVersion = Number(app);
  if (!/^\d+$/.test(app)) throw wrong(text, `app version ${JSON.stringify(app)} is not a number`);
  if (!offered.includes(appVersion)) {
    throw new ShimError(
      ErrorCode.Unavailable,
      `Incompatible API version with plugin. Plugin version: ${appVersion}, Client versions: [${offered.join(" ")}]`,
    );
  }
  if (network !== "unix" && network !== "tcp") {
    throw wrong(text, `network ${JSON.stringify(network)} is neither unix nor tcp`);
  }
  if (address === "") throw wrong(text, "the address is empty");
  if (protocol !== "grpc") {
    throw wrong(
      text,
      `protocol ${JSON.stringify(protocol)} is not grpc (net/rpc plugins are not supported)`,
    );
  }
  const serverCert = cert.length >= shortestCert ? cert : undefined;
  return { appVersion, network, address, ...(serverCert ? { serverCert } : {}) };
}

/** The 6th field (base64 DER, no padding) as PEM, for trusting exactly that certificate. */
export function serverCertPem(serverCert: string): string {
  const der = Buffer.from(serverCert, "base64");
  if (der.length === 0) throw wrong(serverCert, "the server certificate is not base64");
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

function wrong(line: string, why: string): ShimError {
  const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line;
  return new ShimError(
    ErrorCode.Unavailable,
    `the plugin printed a wrong handshake line ${JSON.stringify(shown)}: ${why}`,
  );
}
