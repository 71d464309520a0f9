/**
 * hclog-compatible JSON lines on stderr, the only log format go-plugin hosts
 * understand (docs/protocol.md#logs). stdout belongs to the handshake.
 */
export const levels = ["trace", "debug", "info", "warn", "error", "off"] as const;
export type Level = (typeof levels)[number];

export type Fields = Readonly<Record<string, unknown>>;

export interface Logger {
  trace(message: string, fields?: Fields): void;
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(module: string): Logger;
  /** The same logger, every line of which also carries these fields (e.g. a request's traceID). */
  with(fields: Fields): Logger;
  enabled(level: Level): boolean;
}

export function parseLevel(text: string | undefined, fallback: Level = "info"): Level {
  const wanted = text?.trim().toLowerCase();
  return (levels as readonly string[]).includes(wanted ?? "") ? (wanted as Level) : fallback;
}

/** `2026-01-02T15:04:05.123456Z`: hclog's layout needs exactly six fractional digits. */
export function hclogTimestamp(epochMicros: number): string {
  const iso = new Date(Math.floor(epochMicros / 1000)).toISOString();
  const micros = String(Math.floor(epochMicros) % 1000).padStart(3, "0");
  return `${iso.slice(0, 23)}${micros}Z`;
}

const startMicros = Date.now() * 1000;
const startHr = process.hrtime.bigint();

function nowMicros(): number {
  return startMicros + Number((process.hrtime.bigint() - startHr) / 1000n);
}

/** One hclog line; reserved keys are always strings, so no host can choke on them. */
export function formatLine(level: Level, module: string, message: string, fields?: Fields): string {
  const record: Record<string, unknown> = {
    "@level": level,
    "@message": String(message),
    "@module": module,
    "@timestamp": hclogTimestamp(nowMicros()),
  };
  if (fields) {
    for (const [key, value] of Object.entries(fields)) {
      if (!key.startsWith("@")) record[key] = loggable(value);
    }
  }
  return `${stringify(record)}\n`;
}

const bigintAsText = (_key: string, value: unknown) =>
  typeof value === "bigint" ? value.toString() : value;

/** Logging must never throw: a field JSON cannot hold (a cycle) is replaced by the reason. */
function stringify(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, bigintAsText);
  } catch {
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      try {
        JSON.stringify(value, bigintAsText);
        safe[key] = value;
      } catch (thrown) {
        const reason = thrown instanceof Error ? thrown.message.split("\n")[0] : "unknown";
        safe[key] = `[not JSON: ${reason}]`;
      }
    }
    return JSON.stringify(safe, bigintAsText);
  }
}

function loggable(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return value.message;
  return value;
}

export interface LoggerOptions {
  readonly level: Level;
  readonly module: string;
  readonly write?: (line: string) => void;
  /** Fields every line carries; a call's own fields come after them. */
  readonly fields?: Fields;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = levels.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const enabled = (level: Level) => level !== "off" && levels.indexOf(level) >= threshold;
  const bound = options.fields;
  const emit = (level: Level) => (message: string, fields?: Fields) => {
    if (!enabled(level)) return;
    const all = bound && fields ? { ...bound, ...fields } : (bound ?? fields);
    write(formatLine(level, options.module, message, all));
  };
  return {
    trace: emit("trace"),
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    enabled,
    child: (module) => createLogger({ ...options, module: `${options.module}.${module}` }),
    with: (fields) => createLogger({ ...options, fields: { ...bound, ...fields } }),
  };
}
