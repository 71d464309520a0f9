/**
 * The host's half of AutoMTLS, as go-plugin's client makes it (mtls.go): the
 * same kind of certificate the plugin makes, passed to the plugin in
 * PLUGIN_CLIENT_CERT and presented on every connection.
 */
import { selfSignedCertificate } from "../protocol/go-plugin/self-signed.js";

export interface ClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export async function makeClientCertificate(): Promise<ClientCertificate> {
  const { certPem, keyPem } = await selfSignedCertificate();
  return { certPem, keyPem };
}
