/** The one stdout line a go-plugin plugin prints (docs/protocol.md#the-handshake-line). */
export interface Handshake {
  readonly appVersion: number;
  readonly network: "unix" | "tcp";
  readonly address: string;
  /** Base64 (no padding) DER of the server certificate, only with AutoMTLS. */
  readonly serverCert?: string;
}

const coreVersion = 1;

export function handshakeLine(h: Handshake): string {
  return `${coreVersion}|${h.appVersion}|${h.network}|${h.address}|grpc|${h.serverCert ?? ""}\n`;
}
