/**
 * The one way a malformed request becomes a 400: a ShimError whose cause lists
 * every problem with its JSON path, from zod or from the shim's own checks.
 */
import type { z } from "zod";
import { ErrorCode, ShimError } from "../../errors.js";

export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const shownInMessage = 3;

export function badRequest(issues: readonly Issue[]): ShimError {
  const listed = issues.slice(0, shownInMessage).map((i) => `${jsonPath(i.path)}: ${i.message}`);
  const more =
    issues.length > shownInMessage ? ` (and ${issues.length - shownInMessage} more)` : "";
  return new ShimError(ErrorCode.InvalidArgument, `bad request data: ${listed.join("; ")}${more}`, {
    cause: { issues },
  });
}

/** The problems a ShimError carries (zod-like `cause.issues`), if any. */
export function issuesOf(error: ShimError): readonly Issue[] | undefined {
  const issues = (error.cause as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as Issue[]) : undefined;
}

/** `queries[0].datasource.uid`; the whole body is `(body)`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || "(body)";
}

/** zod `safeParse` at the edge: the data, or a 400 naming every bad field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw badRequest(parsed.error.issues.map((i) => ({ path: i.path, message: i.message })));
}
