/** Headers and bodies between HTTP and a handler's resource calls; credentials never reach the handler. */
import type { Request, Response } from "express";
import { ErrorCode, ShimError } from "../../errors.js";
import type { ResourceResponse } from "../../handler/types.js";

/** Hop-by-hop headers, and the gateway's own credentials. */
const dropped = new Set([
  "authorization",
  "cookie",
  "proxy-authorization",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "content-length",
  "host",
]);

export function requestHeaders(req: Request): Record<string, readonly string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headersDistinct)) {
    if (!dropped.has(name) && value) out[name] = value;
  }
  return out;
}

export function sendResourceResponse(res: Response, answer: ResourceResponse): void {
  const status = (answer as Partial<ResourceResponse> | undefined)?.status;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new ShimError(
      ErrorCode.Handler,
      "Failed to call resource: callResource must return {status (100-599), headers?, body?}",
    );
  }
  for (const [name, values] of Object.entries(answer.headers ?? {})) {
    if (!dropped.has(name.toLowerCase())) res.setHeader(name, [...values]);
  }
  const { body } = answer;
  res.status(status);
  if (body === undefined) return void res.end();
  if (body instanceof Uint8Array)
    return void res.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  if (typeof body === "string") {
    if (!res.getHeader("content-type")) res.type("text/plain");
    return void res.send(body);
  }
  if (!res.getHeader("content-type")) res.type("application/json");
  res.send(JSON.stringify(body));
}
