/**
 * Settings of wrap mode: which plugin executable to run and how. They come from
 * the `wrap` object of grafana-shim.json (relative paths from that file's
 * folder), then `GF_PLUGIN_WRAP_*` (Grafana 7+ passes its `[plugin.<id>]` ini
 * keys that way), then `GRAFANA_SHIM_WRAP_*`; zod names every bad key.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { executablePaths, findConfigFile } from "../../config.js";
import { ErrorCode, messageOf, ShimError } from "../../errors.js";

const whole = (min: number) => z.coerce.number().int().min(min);
const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]);

const schema = z
  .object({
    plugin: z.string().min(1),
    protocol: z.coerce
      .number()
      .pipe(z.union([z.literal(1), z.literal(2)]))
      .default(1),
    startTimeoutMs: whole(100).default(60_000),
    shutdownGraceMs: whole(0).default(2000),
    restartDelayMs: whole(1).default(250),
    restartMaxDelayMs: whole(1).default(30_000),
    waitForRestartMs: whole(0).default(5000),
    autoMtls: flag.default(false),
    maxAnswerMiB: whole(1).max(2047).default(256),
    gfVersion: z.string().min(1).optional(),
    record: z.string().min(1).optional(),
  })
  .strict();

export type WrapSettings = z.infer<typeof schema>;

/** Environment variable suffix → settings key (after GRAFANA_SHIM_WRAP_ or GF_PLUGIN_WRAP_). */
export const wrapEnvKeys = {
  PLUGIN: "plugin",
  PROTOCOL: "protocol",
  START_TIMEOUT_MS: "startTimeoutMs",
  SHUTDOWN_GRACE_MS: "shutdownGraceMs",
  RESTART_DELAY_MS: "restartDelayMs",
  RESTART_MAX_DELAY_MS: "restartMaxDelayMs",
  WAIT_FOR_RESTART_MS: "waitForRestartMs",
  AUTO_MTLS: "autoMtls",
  MAX_ANSWER_MIB: "maxAnswerMiB",
  GF_VERSION: "gfVersion",
  RECORD: "record",
} as const;

const pathKeys = ["plugin", "record"] as const;

function fromEnv(env: NodeJS.ProcessEnv, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [suffix, key] of Object.entries(wrapEnvKeys)) {
    const value = env[prefix + suffix];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

function fromFile(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let value: unknown;
  try {
    value = (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>).wrap;
  } catch (thrown) {
    throw new ShimError(ErrorCode.InvalidArgument, `cannot read ${file}: ${messageOf(thrown)}`);
  }
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShimError(ErrorCode.InvalidArgument, `${file}: "wrap" must be an object`);
  }
  // Paths in the file are relative to the file, as the handler path is.
  const wrap = { ...(value as Record<string, unknown>) };
  for (const key of pathKeys) {
    const path = wrap[key];
    if (typeof path === "string" && path !== "" && !isAbsolute(path)) {
      wrap[key] = resolve(dirname(file), path);
    }
  }
  return wrap;
}

/** Reads and checks the settings; a ShimError lists every problem. */
export function loadWrapSettings(
  env: NodeJS.ProcessEnv,
  executable: string | readonly string[] = executablePaths(),
): WrapSettings {
  const file = findConfigFile(env, executable);
  const merged = {
    ...fromFile(file),
    ...fromEnv(env, "GF_PLUGIN_WRAP_"),
    ...fromEnv(env, "GRAFANA_SHIM_WRAP_"),
  };
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = i.path.join(".") || "(root)";
      return key === "plugin" && merged.plugin === undefined
        ? "plugin: the executable to wrap is not set (GRAFANA_SHIM_WRAP_PLUGIN or wrap.plugin)"
        : `${key}: ${i.message}`;
    });
    throw new ShimError(ErrorCode.InvalidArgument, `invalid wrap settings: ${problems.join("; ")}`);
  }
  const { plugin, record } = parsed.data;
  return {
    ...parsed.data,
    plugin: resolve(plugin),
    ...(record ? { record: resolve(record) } : {}),
  };
}
