/**
 * Reads a request body up to a limit. A bigger body (declared or streamed) is
 * refused with 413 and cut off: reading stops, the client gets a moment to
 * read the answer, then the connection closes, so no upload is read to its end.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode, ShimError } from "../../errors.js";

/** Time the client gets to read a 413 before its connection is closed. */
const lingerMs = 250;

export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(req, res, limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      reject(tooLarge(req, res, limit));
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onGone = () => {
      done();
      reject(
        new ShimError(
          ErrorCode.Cancelled,
          "the client went away before its request body was complete",
        ),
      );
    };
    const onClose = () => {
      if (!req.complete) onGone();
    };
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onClose);
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, limit: number): ShimError {
  req.pause();
  // Reading the rest would mean receiving the whole upload; close instead, once the 413 is out.
  res.once("finish", () => setTimeout(() => req.socket.destroy(), lingerMs).unref());
  return new ShimError(
    ErrorCode.ResourceExhausted,
    `request body too large: the limit is ${limit} bytes`,
  );
}
