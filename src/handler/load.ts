/** Finds the handler to serve: a built-in by name, or a module path. */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import type { Handler, LegacyHandler } from "./types.js";

/** Handlers known by name, each made when first asked for (a bad setting throws there). */
export type Builtins = Readonly<Record<string, () => Promise<Handler>>>;

/**
 * `spec` is the name of one of `builtins` or a path (relative to `baseDir`) of a module
 * exporting a handler.
 */
export async function loadHandler(
  spec: string,
  baseDir: string,
  builtins: Builtins,
): Promise<Handler> {
  const builtin = Object.hasOwn(builtins, spec) ? builtins[spec] : undefined;
  if (builtin) return builtin();
  const file = isAbsolute(spec) ? spec : resolve(baseDir, spec);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (thrown) {
    const reason = messageOf(thrown);
    const known = Object.keys(builtins).join(", ");
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `cannot load handler "${spec}" (built-ins: ${known}): ${reason}`,
    );
  }
  return checkHandler(module.default ?? module.handler, spec);
}

function checkHandler(value: unknown, spec: string): Handler {
  const h = value as Partial<Handler> | undefined;
  const ok =
    typeof h === "object" &&
    h !== null &&
    ((h.style === "legacy" && typeof h.query === "function") ||
      (h.style === "frames" && typeof h.queryData === "function"));
  if (!ok) {
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `handler module "${spec}" must export (default or "handler") {style: "legacy", query} or {style: "frames", queryData}`,
    );
  }
  return h as Handler;
}

/** Stands in for a handler that could not be loaded, so Grafana shows why on every query. */
export function brokenHandler(reason: string): LegacyHandler {
  const message = `grafana-shim is misconfigured: ${reason}`;
  return {
    style: "legacy",
    name: "misconfigured",
    query() {
      throw new ShimError(ErrorCode.InvalidArgument, message);
    },
    checkHealth: () => ({ status: "error", message }),
  };
}
