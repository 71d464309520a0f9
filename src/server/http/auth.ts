/**
 * The optional bearer token. Compared in constant time; never logged. 401 is
 * written here because it is an HTTP matter, not a failure of the shim's work.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";

const digest = (text: string) => createHash("sha256").update(text).digest();

export function bearerAuth(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer[ \t]+(.+)$/i.exec(req.get("authorization") ?? "");
    if (match?.[1] && timingSafeEqual(digest(match[1].trim()), expected)) return next();
    res
      .status(401)
      .set("WWW-Authenticate", 'Bearer realm="grafana-shim"')
      .json({ message: "Unauthorized" });
  };
}
