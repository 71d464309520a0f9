/** Runs `node bin/grafana-shim convert …` as a child process, and reads golden files. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("../../../", import.meta.url).pathname;
export const fixtures = join(root, "test/fixtures/convert");

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function convert(args: readonly string[], input?: string): Run {
  const result = spawnSync(process.execPath, ["bin/grafana-shim", "convert", ...args], {
    cwd: root,
    input: input ?? "",
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function fixture(name: string): string {
  return join(fixtures, name);
}

/**
 * Compares text with test/fixtures/convert/<name>; GRAFANA_SHIM_UPDATE_GOLDENS=1 rewrites it
 * instead (never in CI). JSON is re-indented without parsing, so every digit is compared.
 */
export function golden(name: string, text: string): { actual: string; expected: string } {
  const path = fixture(name);
  const actual = name.endsWith(".json") ? indentJson(text) : text;
  if (process.env.GRAFANA_SHIM_UPDATE_GOLDENS === "1") writeFileSync(path, actual);
  if (!existsSync(path))
    throw new Error(`${name} is missing: run with GRAFANA_SHIM_UPDATE_GOLDENS=1 and review it`);
  return { actual, expected: readFileSync(path, "utf8") };
}

/** Two-space indentation of compact JSON text, leaving every token as it is; flat arrays stay on one line. */
export function indentJson(text: string): string {
  let out = "";
  let depth = 0;
  let flatUntil = -1;
  const newline = () => `\n${"  ".repeat(depth)}`;
  text = text.trim();
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end + 1);
      i = end;
    } else if (i < flatUntil) out += c === "," ? ", " : c;
    else if (c === "[" && flatEnd(text, i) >= 0) {
      flatUntil = flatEnd(text, i);
      out += c;
    } else if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      if (text[i + 1] === close) {
        out += c + close;
        i++;
      } else {
        depth++;
        out += c + newline();
      }
    } else if ((c === "}" || c === "]") && i !== flatUntil) {
      depth--;
      out += newline() + c;
    } else if (c === ",") out += c + newline();
    else if (c === ":") out += ": ";
    else out += c;
  }
  return `${out}\n`;
}

/** The index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i;
}

/** Where the array opening at `start` closes, if it holds no array or object; else -1. */
function flatEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i);
    else if (c === "[" || c === "{") return -1;
    else if (c === "]") return i;
  }
  return -1;
}
