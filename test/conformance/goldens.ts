/**
 * The SDK golden files fetched by scripts/fetch-sdk-goldens.mjs, paired up: each Arrow
 * frame with the golden JSON the same SDK version wrote for it, where there is one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type JsonValue, parseLossless } from "./lossless-json.js";
import { fetchGoldens } from "./oracle.js";

export interface GoldenArrow {
  readonly version: string;
  /** e.g. `experimental/testdata/frame-no-meta.golden.txt#1` */
  readonly source: string;
  readonly arrow: Uint8Array;
  /** The frame JSON of the same version, when it ships one. */
  readonly json: JsonValue | undefined;
}

export interface GoldenJson {
  readonly version: string;
  readonly source: string;
  readonly json: JsonValue;
}

export interface Goldens {
  readonly versions: readonly { version: string; why: string; files: string[] }[];
  readonly arrow: readonly GoldenArrow[];
  readonly jsonOnly: readonly GoldenJson[];
}

export function loadGoldens(): Goldens {
  const dir = fetchGoldens();
  const versions = JSON.parse(
    readFileSync(join(dir, "manifest.json"), "utf8"),
  ) as Goldens["versions"];
  const arrow: GoldenArrow[] = [];
  const jsonOnly: GoldenJson[] = [];
  for (const { version, files } of versions) {
    const read = (file: string) => readFileSync(join(dir, version, file));
    for (const file of files) {
      if (file.endsWith(".golden.arrow")) {
        const jsonFile = file.replace(/\.arrow$/, ".json");
        const json = files.includes(jsonFile)
          ? parseLossless(read(jsonFile).toString("utf8"))
          : undefined;
        arrow.push({ version, source: file, arrow: new Uint8Array(read(file)), json });
      } else if (file.endsWith(".txt")) {
        const jsonc = file.replace(/\.txt$/, ".jsonc");
        const frames = files.includes(jsonc) ? jsoncFrames(read(jsonc).toString("utf8")) : [];
        txtArrowFrames(read(file).toString("utf8")).forEach((bytes, i) => {
          arrow.push({ version, source: `${file}#${i}`, arrow: bytes, json: frames[i] });
        });
      } else if (file.endsWith(".jsonc") && !files.includes(file.replace(/\.jsonc$/, ".txt"))) {
        jsoncFrames(read(file).toString("utf8")).forEach((json, i) => {
          jsonOnly.push({ version, source: `${file}#${i}`, json });
        });
      }
    }
  }
  return { versions, arrow, jsonOnly };
}

/** The `FRAME=<base64>` lines of an experimental/testdata *.txt golden. */
function txtArrowFrames(text: string): Uint8Array[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("FRAME="))
    .map((line) => new Uint8Array(Buffer.from(line.slice("FRAME=".length).trim(), "base64")));
}

/** The frames of a *.jsonc golden: a `//` comment header, then {"status", "frames": [...]}. */
function jsoncFrames(text: string): JsonValue[] {
  const body = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("//"))
    .join("\n");
  const parsed = parseLossless(body);
  if (
    parsed &&
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    Array.isArray(parsed.frames)
  ) {
    return parsed.frames;
  }
  throw new Error("jsonc golden without a frames array");
}
