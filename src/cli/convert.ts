/**
 * `grafana-shim convert`: reads a legacy tsdb response, frame JSON or base64 Arrow frames,
 * and writes it in the form --to names, converting legacy ↔ frames with src/adapters.
 */
import { readFile } from "node:fs/promises";
import { keyPath } from "../adapters/bad-input.js";
import { checkSeriesList } from "../adapters/check-series.js";
import { checkTable } from "../adapters/check-table.js";
import { framesToLegacyResult, legacyResultToFrames } from "../adapters/index.js";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import type { LegacyResult } from "../model/legacy.js";
import { type ConvertArgs, convertHelp, parseConvertArgs, usageLine } from "./convert-args.js";
import { parseInput } from "./convert-codecs.js";
import { type Entry, entriesOf } from "./convert-input.js";
import {
  arrowResultText,
  type FramesResult,
  framesJSONResultText,
  tsdbLosses,
  tsdbResponseText,
} from "./convert-output.js";

export interface ConvertIO {
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Runs the subcommand; resolves to the exit status (0 done, 2 bad input or usage). */
export async function runConvert(
  args: readonly string[],
  io: ConvertIO = process,
): Promise<number> {
  try {
    const parsed = parseConvertArgs(args);
    if (parsed.help) {
      io.stdout.write(convertHelp());
      return 0;
    }
    const entries = entriesOf(parseInput(await readInput(parsed.input, io.stdin)));
    checkFrameType(parsed, entries);
    const warnings: string[] = [];
    io.stdout.write(`${await responseText(entries, parsed, warnings)}\n`);
    for (const warning of warnings) io.stderr.write(`grafana-shim convert: warning: ${warning}\n`);
    return 0;
  } catch (thrown) {
    if (!(thrown instanceof ShimError) || thrown.code !== ErrorCode.InvalidArgument) throw thrown;
    io.stderr.write(
      `grafana-shim convert: ${thrown.message}\n${usageLine} (see grafana-shim convert --help)\n`,
    );
    return 2;
  }
}

async function readInput(input: string, stdin: ConvertIO["stdin"]): Promise<string> {
  if (input !== "-") {
    try {
      return await readFile(input, "utf8");
    } catch (thrown) {
      const reason = messageOf(thrown);
      throw new ShimError(
        ErrorCode.InvalidArgument,
        `cannot read ${JSON.stringify(input)}: ${reason}`,
      );
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

function checkFrameType(args: ConvertArgs, entries: readonly Entry[]): void {
  if (args.frameType === undefined) return;
  const problem =
    args.to === "tsdb"
      ? "--frame-type lays out frames: it needs --to frames-json or arrow-base64"
      : entries.length > 0 && entries.every((entry) => entry.kind === "frames")
        ? "--frame-type applies to legacy input only, and this input holds frames"
        : undefined;
  if (problem !== undefined) throw new ShimError(ErrorCode.InvalidArgument, problem);
}

async function responseText(
  entries: readonly Entry[],
  args: ConvertArgs,
  warnings: string[],
): Promise<string> {
  if (args.to === "tsdb") {
    const results = entries.map((entry) => {
      const result = legacyOf(entry, warnings);
      warnings.push(...tsdbLosses(result, keyPath("results", entry.refId)));
      return result;
    });
    return tsdbResponseText(results);
  }
  const results = entries.map(
    (entry) => `${JSON.stringify(entry.refId)}:${framesResultText(entry, args, warnings)}`,
  );
  return `{"results":{${results.join(",")}}}`;
}

function framesResultText(entry: Entry, args: ConvertArgs, warnings: string[]): string {
  // Output warnings name where the output holds the part.
  const at = keyPath("results", entry.refId);
  const frames = framesOf(entry, args, warnings);
  if (args.to === "frames-json") return framesJSONResultText(frames);
  const status = frames.status ?? (frames.error ? 500 : 200);
  if (status !== (frames.error ? 500 : 200)) {
    warnings.push(`${at}: status ${status} not kept (the arrow-base64 form has no status)`);
  }
  return arrowResultText(frames);
}

function legacyOf(entry: Entry, warnings: string[]): LegacyResult {
  if (entry.kind === "legacy") {
    const { result, at } = entry;
    checkSeriesList(result.series ?? [], `${at}.series`);
    (result.tables ?? []).forEach((table, i) => {
      checkTable(table, `${at}.tables[${i}]`);
    });
    return result;
  }
  const converted = framesToLegacyResult(entry.refId, entry.frames, { path: entry.framesPath });
  warnings.push(...converted.warnings);
  return entry.error ? { ...converted.result, error: entry.error } : converted.result;
}

function framesOf(entry: Entry, args: ConvertArgs, warnings: string[]): FramesResult {
  if (entry.kind === "frames") return entry;
  const { result, at, refId } = entry;
  const frames = legacyResultToFrames(result, { layout: args.frameType ?? "multi", path: at });
  frames.forEach((frame, i) => {
    for (const notice of frame.meta?.notices ?? []) {
      if (notice.severity !== "info") warnings.push(`${at} frame ${i}: ${notice.text}`);
    }
  });
  return { refId, frames, ...(result.error !== undefined && { error: result.error }) };
}
