/**
 * Settings of the executable: defaults, then a JSON file beside the executable
 * (Grafana 6 passes no environment, so a file must be enough), then
 * GRAFANA_SHIM_* variables. Validated with zod; every problem names its key.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { ErrorCode, ShimError } from "./errors.js";
import { levels } from "./log/logger.js";

export const configFileName = "grafana-shim.json";

const schema = z
  .object({
    handler: z.string().min(1),
    logLevel: z.enum(levels),
    timeoutMs: z.number().int().positive(),
    concurrency: z.number().int().min(1).max(1024),
    maxReceiveMiB: z.number().int().min(4).max(2047),
    protocol: z.union([z.literal(1), z.literal(2)]).optional(),
    network: z.enum(["unix", "tcp"]).optional(),
    nullPoints: z.enum(["nan", "omit"]),
  })
  .strict();

export type ShimConfig = z.infer<typeof schema> & {
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
  nullPoints: "nan",
} as const;

/** Environment variable → config key, with how to read the text. */
export const envKeys = {
  GRAFANA_SHIM_HANDLER: ["handler", String],
  GRAFANA_SHIM_LOG_LEVEL: ["logLevel", (s: string) => s.toLowerCase()],
  GRAFANA_SHIM_TIMEOUT_MS: ["timeoutMs", Number],
  GRAFANA_SHIM_CONCURRENCY: ["concurrency", Number],
  GRAFANA_SHIM_MAX_RECEIVE_MIB: ["maxReceiveMiB", Number],
  GRAFANA_SHIM_PROTOCOL: ["protocol", Number],
  GRAFANA_SHIM_NETWORK: ["network", String],
  GRAFANA_SHIM_NULL_POINTS: ["nullPoints", String],
} as const;

/** The config file to read: GRAFANA_SHIM_CONFIG, else grafana-shim.json beside the executable or one level up. */
export function findConfigFile(env: NodeJS.ProcessEnv, executable: string): string | undefined {
  if (env.GRAFANA_SHIM_CONFIG) return resolve(env.GRAFANA_SHIM_CONFIG);
  const dir = dirname(resolve(executable));
  return [join(dir, configFileName), join(dirname(dir), configFileName)].find((f) => existsSync(f));
}

/** `defaultHandler` lets a command other than plugin mode pick its own (the gateway: demo). */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  executable: string,
  defaultHandler: string = defaults.handler,
): ShimConfig {
  const file = findConfigFile(env, executable);
  const fromFile = file ? readJsonFile(file) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [name, [key, read]] of Object.entries(envKeys)) {
    const text = env[name];
    if (text !== undefined && text !== "") fromEnv[key] = read(text);
  }
  const parsed = schema.safeParse({
    ...defaults,
    handler: defaultHandler,
    ...fromFile,
    ...fromEnv,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `invalid settings (${file ?? "environment"}): ${problems.join("; ")}`,
    );
  }
  const baseDir = file && !fromEnv.handler ? dirname(file) : process.cwd();
  return { ...parsed.data, baseDir, ...(file ? { file } : {}) };
}

function readJsonFile(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    throw new ShimError(ErrorCode.InvalidArgument, `cannot read ${file}: ${reason}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShimError(ErrorCode.InvalidArgument, `${file} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}
