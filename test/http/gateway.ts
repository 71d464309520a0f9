/** Starts the built `grafana-shim serve-http` executable on a free port and talks to it over real HTTP. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const shim = join(root, "bin/grafana-shim");
export const fixtures = join(root, "test/fixtures/http");

export interface RunningGateway {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the gateway wrote to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** hclog lines of stderr, parsed. */
  logs(): Record<string, unknown>[];
  /** SIGTERM, and the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `command` starts the shim: bin/grafana-shim on this Node.js unless given. */
export async function startGateway(
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
  command: readonly string[] = [process.execPath, shim],
): Promise<RunningGateway> {
  const [file, ...before] = command as [string, ...string[]];
  const child = spawn(file, [...before, "serve-http", "--port", "0", ...args], {
    cwd: root,
    env: { ...process.env, GRAFANA_SHIM_LOG_LEVEL: "debug", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${err}`)), 10_000);
    const look = () => {
      const line = parseLines(err).find((l) => l["@message"] === "serving");
      if (line) {
        clearTimeout(timer);
        resolve(String(line.url));
      }
    };
    child.stderr?.on("data", look);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${err}`));
    });
  });
  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    logs: () => parseLines(err),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        // "close" rather than "exit": all of stdout and stderr has been read by then.
        const closed = once(child, "close");
        child.kill(signal);
        await closed;
      }
      return child.exitCode;
    },
  };
}

function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and check them with assert
  readonly json: any;
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return answerOf(
    await fetch(url, {
      method: "POST",
      body: text,
      headers: { "Content-Type": "application/json", ...headers },
    }),
  );
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return answerOf(await fetch(url, { headers }));
}

export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
