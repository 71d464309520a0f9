/**
 * A request body as JSON: content type, size, UTF-8 and nesting are checked
 * before anything else looks at it; each failure is a 400 (413 for size) that
 * says what was wrong.
 */
import type { Request, Response } from "express";
import { ErrorCode, messageOf, ShimError } from "../../errors.js";
import { badRequest } from "./bad-request.js";
import { tooDeepAt } from "./json-depth.js";
import { readBody } from "./request-body.js";

export interface JsonBodyLimits {
  readonly bodyLimitBytes: number;
  readonly maxJsonDepth: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export async function readJsonBody(
  req: Request,
  res: Response,
  limits: JsonBodyLimits,
): Promise<unknown> {
  checkContentType(req.headers["content-type"]);
  const bytes = await readBody(req, res, limits.bodyLimitBytes);
  if (bytes.length === 0) throw invalid("request body is empty: send a JSON object");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalid("request body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (thrown) {
    throw invalid(`request body is not valid JSON: ${messageOf(thrown)}`);
  }
  const path = tooDeepAt(value, limits.maxJsonDepth);
  if (path) {
    throw badRequest([{ path, message: `JSON nested deeper than ${limits.maxJsonDepth} levels` }]);
  }
  return value;
}

/** JSON media types; a missing header is read as JSON, as Grafana does. */
function checkContentType(header: string | undefined): void {
  if (header === undefined) return;
  const [type = "", ...params] = header.split(";").map((s) => s.trim().toLowerCase());
  if (type !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw invalid(`Content-Type must be application/json (got ${JSON.stringify(header)})`);
  }
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length);
  if (charset !== undefined && charset.replace(/"/g, "") !== "utf-8") {
    throw invalid(`JSON bodies must be UTF-8 (got charset ${JSON.stringify(charset)})`);
  }
}

function invalid(message: string): ShimError {
  return new ShimError(ErrorCode.InvalidArgument, message);
}
