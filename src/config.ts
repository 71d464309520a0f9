/**
 * Settings of the executable: defaults, then a JSON file beside the executable
 * (Grafana 6 passes no environment, so a file must be enough), then
 * GRAFANA_SHIM_* variables. Every problem names its key.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { isSea } from "node:sea";
import { ErrorCode, messageOf, ShimError } from "./errors.js";
import { type Level, levels } from "./log/logger.js";

export const configFileName = "grafana-shim.json";

/** The settings plugin mode reads; handler-specific sections (e.g. `wrap`) are read by their handler. */
export interface Settings {
  readonly handler: string;
  readonly logLevel: Level;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly maxReceiveMiB: number;
  /** What the answers of one request may take in all; queries past it answer with an error. */
  readonly answerBudgetMiB: number;
  readonly protocol?: 1 | 2;
  readonly network?: "unix" | "tcp";
  readonly nullPoints: "nan" | "omit";
}

type Check = (value: unknown) => string | undefined;

const oneOf =
  (...allowed: readonly unknown[]): Check =>
  (v) =>
    allowed.includes(v)
      ? undefined
      : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`;

const whole =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}`;

/**
 * One check per key. Hand-written rather than zod: plugin mode validates these
 * nine keys before its handshake, and loading zod there cost a fifth of the start time.
 */
const checks: Readonly<Record<keyof Settings, Check>> = {
  handler: (v) => (typeof v === "string" && v !== "" ? undefined : "must be a non-empty string"),
  logLevel: oneOf(...levels),
  timeoutMs: whole(1),
  concurrency: whole(1, 1024),
  maxReceiveMiB: whole(4, 2047),
  answerBudgetMiB: whole(1, 2047),
  protocol: oneOf(undefined, 1, 2),
  network: oneOf(undefined, "unix", "tcp"),
  nullPoints: oneOf("nan", "omit"),
};

/** Sections of the file that belong to a built-in handler, checked by that handler. */
const handlerSections = new Set(["wrap", "simplejson"]);

function problemsOf(values: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const check = checks[key as keyof Settings];
    if (check) {
      const problem = check(value);
      if (problem) problems.push(`${key}: ${problem} (got ${JSON.stringify(value)})`);
    } else if (!handlerSections.has(key)) {
      problems.push(
        `unknown setting ${JSON.stringify(key)} (known: ${[...Object.keys(checks), ...handlerSections].join(", ")})`,
      );
    }
  }
  return problems;
}

export type ShimConfig = Settings & {
  /** Where relative handler paths are resolved from. */
  readonly baseDir: string;
  /** The file the settings came from, if any. */
  readonly file?: string;
};

export const defaults = {
  handler: process.argv[2] === "serve-http" ? "demo" : "simplejson", // plugin mode: Simple JSON drop-in; `npm start` keeps the demo
  logLevel: "info",
  timeoutMs: 30_000,
  concurrency: 16,
  maxReceiveMiB: 64,
  answerBudgetMiB: 256,
  nullPoints: "nan",
} as const;

/** Environment variable → config key, with how to read the text. */
export const envKeys = {
  GRAFANA_SHIM_HANDLER: ["handler", String],
  GRAFANA_SHIM_LOG_LEVEL: ["logLevel", (s: string) => s.toLowerCase()],
  GRAFANA_SHIM_TIMEOUT_MS: ["timeoutMs", Number],
  GRAFANA_SHIM_CONCURRENCY: ["concurrency", Number],
  GRAFANA_SHIM_MAX_RECEIVE_MIB: ["maxReceiveMiB", Number],
  GRAFANA_SHIM_ANSWER_BUDGET_MIB: ["answerBudgetMiB", Number],
  GRAFANA_SHIM_PROTOCOL: ["protocol", Number],
  GRAFANA_SHIM_NETWORK: ["network", String],
  GRAFANA_SHIM_NULL_POINTS: ["nullPoints", String],
} as const;

/**
 * The paths the running executable goes by, most specific first: the path it was started by
 * (a symlink's own path: for a standalone executable its argv[0] when that names a path, for
 * bin/grafana-shim the script path node was given), then the real file, symlinks resolved.
 */
export function executablePaths(
  argv: readonly string[] = process.argv,
  execPath: string = process.execPath,
  standalone: boolean = isSea(),
): string[] {
  const startedBy = argv[1];
  if (standalone) {
    // A bare name was found on PATH: it says nothing about a folder.
    const named = startedBy?.includes(sep) || startedBy?.includes("/");
    return [...new Set([...(named ? [resolve(startedBy as string)] : []), execPath])];
  }
  if (startedBy === undefined) return [join(process.cwd(), "grafana-shim")];
  const path = resolve(startedBy);
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // A script that cannot be resolved is known by the path it was given.
  }
  return [...new Set([path, real])];
}

/**
 * The config file to read: GRAFANA_SHIM_CONFIG, else the first grafana-shim.json beside one of
 * the executable's paths (see executablePaths) or one level up from it.
 */
export function findConfigFile(
  env: NodeJS.ProcessEnv,
  executable: string | readonly string[] = executablePaths(),
): string | undefined {
  if (env.GRAFANA_SHIM_CONFIG) return resolve(env.GRAFANA_SHIM_CONFIG);
  const paths = typeof executable === "string" ? [executable] : executable;
  const candidates = paths.flatMap((path) => {
    const dir = dirname(resolve(path));
    return [join(dir, configFileName), join(dirname(dir), configFileName)];
  });
  return candidates.find((f) => existsSync(f));
}

/** `defaultHandler` lets a command other than plugin mode pick its own (the gateway: demo). */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  executable: string | readonly string[] = executablePaths(),
  defaultHandler: string = defaults.handler,
): ShimConfig {
  const file = findConfigFile(env, executable);
  const fromFile = file ? readJsonFile(file) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [name, [key, read]] of Object.entries(envKeys)) {
    const text = env[name];
    if (text !== undefined && text !== "") fromEnv[key] = read(text);
  }
  const merged = { ...defaults, handler: defaultHandler, ...fromFile, ...fromEnv };
  const problems = problemsOf(merged);
  if (problems.length > 0) {
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `invalid settings (${file ?? "environment"}): ${problems.join("; ")}`,
    );
  }
  const baseDir = file && !fromEnv.handler ? dirname(file) : process.cwd();
  const settings = Object.fromEntries(Object.entries(merged).filter(([key]) => key in checks));
  return { ...(settings as unknown as Settings), baseDir, ...(file ? { file } : {}) };
}

function readJsonFile(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (thrown) {
    const reason = messageOf(thrown);
    throw new ShimError(ErrorCode.InvalidArgument, `cannot read ${file}: ${reason}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShimError(ErrorCode.InvalidArgument, `${file} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}
