/**
 * AutoMTLS as go-plugin does it: when the host passes its client certificate in
 * PLUGIN_CLIENT_CERT, the plugin makes a self-signed P-521 certificate, requires
 * the host's certificate on every connection, and announces its own in the
 * handshake line (base64 DER, no padding).
 */
import { ServerCredentials } from "@grpc/grpc-js";
import { selfSignedCertificate } from "../../protocol/go-plugin/self-signed.js";

export interface MtlsServer {
  readonly credentials: ServerCredentials;
  /** For the 6th handshake field. */
  readonly certBase64: string;
}

export async function autoMtls(clientCertPem: string): Promise<MtlsServer> {
  const { certPem, keyPem, der } = await selfSignedCertificate();
  const credentials = ServerCredentials.createSsl(
    Buffer.from(clientCertPem),
    [{ private_key: Buffer.from(keyPem), cert_chain: Buffer.from(certPem) }],
    true,
  );
  return { credentials, certBase64: Buffer.from(der).toString("base64").replace(/=+$/, "") };
}
