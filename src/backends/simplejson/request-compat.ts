/**
 * Which requests a datasource's Simple JSON server receives: `"spec"` (the default: ISO range,
 * one /query call per query, Grafana's whole query options) or `"backend-1.0"` (what the old
 * Go simple-json-backend-datasource 1.0 sent, for servers written against it). Set per
 * datasource in `jsonData.requestCompat`, else by the `simplejson` section of grafana-shim.json,
 * which `grafana-shim package` writes for an old plugin's folder.
 */
import { readFileSync } from "node:fs";
import { findConfigFile } from "../../config.js";
import { ErrorCode, messageOf, ShimError } from "../../errors.js";
import type { DatasourceSettings } from "../../model/data.js";

export const requestCompatModes = ["spec", "backend-1.0"] as const;
export type RequestCompat = (typeof requestCompatModes)[number];

/** The file-wide default of the simplejson handler, and where it came from. */
export interface SimpleJsonDefaults {
  readonly requestCompat: RequestCompat;
  /** The settings file that set it; absent for the built-in default. */
  readonly file?: string;
}

export interface RequestCompatChoice {
  readonly mode: RequestCompat;
  readonly from: "jsonData" | "grafana-shim.json" | "default";
}

export const specDefaults: SimpleJsonDefaults = { requestCompat: "spec" };

/** The datasource's own setting wins; an unknown value is an error naming the key. */
export function requestCompatOf(
  ds: DatasourceSettings | undefined,
  defaults: SimpleJsonDefaults,
): RequestCompatChoice {
  const own = ds?.jsonData.requestCompat;
  if (own !== undefined && own !== null && own !== "") {
    return { mode: checked(own, "jsonData.requestCompat"), from: "jsonData" };
  }
  const from = defaults.file === undefined ? "default" : "grafana-shim.json";
  return { mode: defaults.requestCompat, from };
}

/** How health and /api/datasources name the mode. */
export function describeRequestCompat(choice: RequestCompatChoice): string {
  const origin = choice.from === "default" ? "the default" : `from ${choice.from}`;
  return `requestCompat "${choice.mode}" (${origin})`;
}

/** Reads `"simplejson": {"requestCompat": …}` from the settings file the executable uses. */
export function loadSimpleJsonDefaults(
  env: NodeJS.ProcessEnv,
  executable: string,
): SimpleJsonDefaults {
  const file = findConfigFile(env, executable);
  if (file === undefined) return specDefaults;
  let section: unknown;
  try {
    section = (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>).simplejson;
  } catch (thrown) {
    const reason = messageOf(thrown);
    throw new ShimError(ErrorCode.InvalidArgument, `cannot read ${file}: ${reason}`);
  }
  if (section === undefined) return specDefaults;
  if (typeof section !== "object" || section === null || Array.isArray(section)) {
    throw new ShimError(ErrorCode.InvalidArgument, `${file}: "simplejson" must be an object`);
  }
  const { requestCompat, ...unknown } = section as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) {
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `${file}: unknown setting simplejson.${extra[0]} (known: simplejson.requestCompat)`,
    );
  }
  if (requestCompat === undefined) return specDefaults;
  return { requestCompat: checked(requestCompat, `${file}: simplejson.requestCompat`), file };
}

function checked(value: unknown, key: string): RequestCompat {
  if ((requestCompatModes as readonly unknown[]).includes(value)) return value as RequestCompat;
  throw new ShimError(
    ErrorCode.InvalidArgument,
    `Simple JSON settings: ${key} must be "spec" or "backend-1.0", not ${JSON.stringify(value)}`,
  );
}
