/**
 * AutoMTLS as go-plugin does it: when the host passes its client certificate in
 * PLUGIN_CLIENT_CERT, the plugin makes a self-signed P-521 certificate, requires
 * the host's certificate on every connection, and announces its own in the
 * handshake line (base64 DER, no padding).
 */
import "reflect-metadata";
import { createPrivateKey, randomBytes, webcrypto } from "node:crypto";
import { ServerCredentials } from "@grpc/grpc-js";
import * as x509 from "@peculiar/x509";

export interface MtlsServer {
  readonly credentials: ServerCredentials;
  /** For the 6th handshake field. */
  readonly certBase64: string;
}

const algorithm = { name: "ECDSA", namedCurve: "P-521", hash: "SHA-512" } as const;
const validForHours = 262980; // go-plugin's 30 years

export async function autoMtls(clientCertPem: string): Promise<MtlsServer> {
  type X509Crypto = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const crypto = webcrypto;
  const keys = (await crypto.subtle.generateKey(algorithm, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(16)
        .toString("hex")
        .replace(/^[89a-f]/, "1"),
      name: "CN=localhost, O=HashiCorp",
      notBefore: new Date(now - 30_000),
      notAfter: new Date(now + validForHours * 3_600_000),
      signingAlgorithm: algorithm,
      keys: keys as never,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature |
            x509.KeyUsageFlags.keyEncipherment |
            x509.KeyUsageFlags.keyAgreement |
            x509.KeyUsageFlags.keyCertSign,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.clientAuth,
          x509.ExtendedKeyUsage.serverAuth,
        ]),
        new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "localhost" }]),
      ],
    },
    crypto as unknown as X509Crypto,
  );
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({
    format: "pem",
    type: "pkcs8",
  });
  const credentials = ServerCredentials.createSsl(
    Buffer.from(clientCertPem),
    [{ private_key: Buffer.from(keyPem as string), cert_chain: Buffer.from(cert.toString("pem")) }],
    true,
  );
  return {
    credentials,
    certBase64: Buffer.from(cert.rawData).toString("base64").replace(/=+$/, ""),
  };
}
