/**
 * Requests Node's HTTP parser refuses before any route sees them: too slow
 * (408), headers too large (431), malformed (400). Answered in JSON like every
 * other error, then the connection closes.
 */
import type { Socket } from "node:net";
import type { Logger } from "../../log/logger.js";

const reasons: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

export function clientErrorHandler(log: Logger, requestTimeoutMs: number) {
  return (error: Error & { code?: string }, socket: Socket) => {
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, message] = describe(error, requestTimeoutMs);
    log.info("client error", { status, code: error.code, remote: socket.remoteAddress });
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${reasons[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.destroySoon();
  };
}

function describe(error: Error & { code?: string }, requestTimeoutMs: number): [number, string] {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return [408, `Request timeout: the request was not received within ${requestTimeoutMs} ms`];
  }
  if (error.code === "HPE_HEADER_OVERFLOW") return [431, "Request headers too large"];
  return [400, `Malformed HTTP request (${error.code ?? error.message})`];
}
