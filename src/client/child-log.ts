/**
 * A child plugin's stderr, re-logged as go-plugin hosts do (client.go logStderr):
 * an hclog JSON line keeps its level, message and fields; another line gets its
 * level from a `[INFO]`-style prefix, else debug.
 */
import type { Level, Logger } from "../log/logger.js";

export interface ChildLogLine {
  readonly level: Exclude<Level, "off">;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const hclogLevels = ["trace", "debug", "info", "warn", "error"] as const;

function levelOf(text: unknown): ChildLogLine["level"] {
  const wanted = typeof text === "string" ? text.toLowerCase() : "";
  return (hclogLevels as readonly string[]).includes(wanted)
    ? (wanted as ChildLogLine["level"])
    : "debug";
}

/** hclog's reserved keys become plain ones: the shim's own logger owns the `@` keys. */
const renamed: Readonly<Record<string, string | undefined>> = {
  "@module": "module",
  "@caller": "caller",
  "@timestamp": undefined,
};

export function parseChildLogLine(line: string): ChildLogLine {
  const record = jsonObject(line);
  if (!record) return plainLine(line);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "@level" || key === "@message") continue;
    const name = key in renamed ? renamed[key] : key;
    if (name !== undefined) fields[name] = value;
  }
  const message = record["@message"];
  return {
    level: levelOf(record["@level"]),
    message: typeof message === "string" ? message : JSON.stringify(message ?? ""),
    fields,
  };
}

function plainLine(line: string): ChildLogLine {
  const prefix = /^\[(TRACE|DEBUG|INFO|WARN|ERROR)\]/.exec(line);
  return { level: levelOf(prefix?.[1]), message: line, fields: {} };
}

function jsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function relogChildLine(log: Logger, line: string): void {
  if (line.trim() === "") return;
  const parsed = parseChildLogLine(line);
  log[parsed.level](parsed.message, parsed.fields);
}
