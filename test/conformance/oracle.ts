/**
 * Runs the Go peer test/.bin/frames-oracle (real grafana-plugin-sdk-go, test/go/sdk-frames)
 * and fetches the SDK golden files, building or downloading them when missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type JsonValue, parseLossless } from "./lossless-json.js";

export const root = new URL("../../../", import.meta.url).pathname;
const oraclePath = join(root, "test/.bin/frames-oracle");

function run(command: string, args: readonly string[], input?: string, cwd = root): string {
  const result = spawnSync(command, args, { cwd, input, encoding: "utf8", maxBuffer: 1 << 30 });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  return result.stdout;
}

/** Builds the oracle when a test is run on its own (scripts/test.mjs builds it first). */
export function ensureOracle(): void {
  if (existsSync(oraclePath)) return;
  run(
    "go",
    ["build", "-o", oraclePath, "./cmd/frames-oracle"],
    undefined,
    join(root, "test/go/sdk-frames"),
  );
}

/** Runs the oracle; its output parsed without losing int64 digits. */
export function oracle(args: readonly string[], input?: unknown): JsonValue {
  ensureOracle();
  return parseLossless(
    run(oraclePath, args, input === undefined ? undefined : JSON.stringify(input)),
  );
}

/** SDK UnmarshalArrowFrame + MarshalJSON of each Arrow file: frame JSON, or {error}. */
export function sdkArrowToJson(arrowFiles: readonly Uint8Array[]): JsonValue[] {
  const out = oracle(
    ["arrow-to-json"],
    arrowFiles.map((b) => Buffer.from(b).toString("base64")),
  );
  return out as JsonValue[];
}

/** SDK UnmarshalJSON + MarshalArrow of each frame JSON text: Arrow bytes, or an Error. */
export function sdkJsonToArrow(jsonTexts: readonly string[]): (Uint8Array | Error)[] {
  ensureOracle();
  const input = `[${jsonTexts.join(",")}]`;
  const out = JSON.parse(run(oraclePath, ["json-to-arrow"], input)) as unknown[];
  return out.map((item) =>
    typeof item === "string"
      ? new Uint8Array(Buffer.from(item, "base64"))
      : new Error(JSON.stringify(item)),
  );
}

/** Throws with the SDK's message when an oracle item is an {error} object. */
export function sdkItem(item: JsonValue | undefined, what: string): JsonValue {
  if (item === undefined) throw new Error(`${what}: the SDK returned nothing`);
  if (item !== null && typeof item === "object" && !Array.isArray(item) && "error" in item) {
    throw new Error(`${what}: the Go SDK failed: ${String(item.error)}`);
  }
  return item;
}

/** Runs scripts/fetch-sdk-goldens.mjs; fails loudly when a version cannot be fetched. */
export function fetchGoldens(): string {
  const result = spawnSync(process.execPath, ["scripts/fetch-sdk-goldens.mjs", "--quiet"], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`fetching SDK goldens failed (Go module proxy needed):\n${result.stderr}`);
  }
  return join(root, "test/.bin/goldens");
}
