/**
 * The certificate both halves of go-plugin's AutoMTLS make (mtls.go): a
 * self-signed P-521 certificate for "localhost", valid for go-plugin's 30 years.
 */
import "reflect-metadata";
import { createPrivateKey, randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

export interface SelfSigned {
  readonly certPem: string;
  readonly keyPem: string;
  /** The certificate as DER, for the handshake line. */
  readonly der: Uint8Array;
}

const algorithm = { name: "ECDSA", namedCurve: "P-521", hash: "SHA-512" } as const;
const validForHours = 262980;

export async function selfSignedCertificate(): Promise<SelfSigned> {
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
  }) as string;
  return { certPem: cert.toString("pem"), keyPem, der: new Uint8Array(cert.rawData) };
}
