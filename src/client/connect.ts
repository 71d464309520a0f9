/**
 * The gRPC connection to a started plugin: plaintext, or TLS pinned to the
 * certificate of the handshake when the plugin did AutoMTLS (go-plugin's
 * client trusts exactly that certificate, for the name "localhost").
 */
import { Client, credentials } from "@grpc/grpc-js";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import type { Handshake } from "../protocol/go-plugin/handshake-line.js";
import type { ClientCertificate } from "./client-cert.js";
import { serverCertPem } from "./handshake-parse.js";

export function grpcTarget(h: Handshake): string {
  return h.network === "unix" ? `unix:${h.address}` : h.address;
}

function channelCredentials(h: Handshake, tls: ClientCertificate | undefined) {
  // A plugin without AutoMTLS support prints no certificate: go-plugin then talks plaintext.
  if (!h.serverCert) return credentials.createInsecure();
  if (!tls) {
    throw new ShimError(
      ErrorCode.Unavailable,
      "the plugin announced a TLS certificate, but no AutoMTLS was asked for",
    );
  }
  return credentials.createSsl(
    Buffer.from(serverCertPem(h.serverCert)),
    Buffer.from(tls.keyPem),
    Buffer.from(tls.certPem),
  );
}

/**
 * Connects and waits until the channel is ready, or fails by the deadline (epoch ms).
 * `maxReceiveBytes` bounds each message taken from the plugin (no bound without it).
 */
export async function connectPlugin(
  h: Handshake,
  tls: ClientCertificate | undefined,
  deadline: number,
  maxReceiveBytes = -1,
): Promise<Client> {
  const client = new Client(grpcTarget(h), channelCredentials(h, tls), {
    "grpc.max_receive_message_length": maxReceiveBytes,
    "grpc.max_send_message_length": -1,
    "grpc.ssl_target_name_override": "localhost",
    "grpc.default_authority": "localhost",
  });
  try {
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(deadline, (error) => (error ? reject(error) : resolve())),
    );
  } catch (thrown) {
    client.close();
    throw new ShimError(
      ErrorCode.Unavailable,
      `cannot connect to the plugin at ${h.network} ${h.address}: ${messageOf(thrown)}`,
    );
  }
  return client;
}
