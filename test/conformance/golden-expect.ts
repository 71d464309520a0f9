/**
 * What each golden Arrow frame should decode to, from the current SDK's reading of it
 * (frames-oracle arrow-to-json), adjusted where the writing version read its own files
 * differently.
 */
import { rawArrowMetadata } from "./arrow-metadata.js";
import { type CanonFrame, canonMeta } from "./canonical.js";
import type { Goldens } from "./goldens.js";
import type { JsonValue } from "./lossless-json.js";
import { sdkArrowToJson, sdkItem } from "./oracle.js";
import { canonFromSdkJson } from "./sdk-json.js";

export interface GoldenExpectations {
  /** The SDK's reading (its typed meta/config), with names as the writing version read them. */
  readonly sdk: readonly CanonFrame[];
  /** The same with meta and config exactly as the file holds them. */
  readonly file: readonly CanonFrame[];
}

export function goldenExpectations(goldens: Goldens): GoldenExpectations {
  const views = sdkArrowToJson(goldens.arrow.map((g) => g.arrow));
  const sdk = goldens.arrow.map((golden, i) => {
    const canon = canonFromSdkJson(sdkItem(views[i], `${golden.version} ${golden.source}`));
    return slothEra(golden.version) ? stripSlothPrefixes(canon) : canon;
  });
  const file = goldens.arrow.map((golden, i) => {
    const raw = rawArrowMetadata(golden.arrow);
    const frame = sdk[i]!;
    return {
      ...frame,
      meta: canonMeta(raw.meta),
      fields: frame.fields.map((f, j) => ({ ...f, config: raw.configs[j] })),
    };
  });
  return { sdk, file };
}

/** SDK versions before v0.47 wrote field names as `<i>🦥: <name>`. */
export function slothEra(version: string): boolean {
  const [major, minor] = version.slice(1).split(".").map(Number);
  return major === 0 && (minor ?? 0) < 47;
}

/**
 * Those versions' own reader (data/arrow.go prefixFieldNameStrip) kept what follows the
 * first "🦥: "; the current SDK no longer strips it.
 */
function stripSlothPrefixes(frame: CanonFrame): CanonFrame {
  const strip = (name: string) => {
    const at = name.indexOf("🦥: ");
    return at < 0 ? name : name.slice(at + "🦥: ".length);
  };
  return { ...frame, fields: frame.fields.map((f) => ({ ...f, name: strip(f.name) })) };
}

/**
 * SDK JSON before `data.nanos` existed (all_types goldens before v0.298) held times in whole
 * milliseconds: true for JSON with time fields and no nanos.
 */
export function wholeMilliseconds(json: JsonValue): boolean {
  const frame = json as {
    schema?: { fields?: { typeInfo?: { frame?: string } }[] };
    data?: { nanos?: unknown };
  };
  const hasTime = (frame.schema?.fields ?? []).some((f) => f.typeInfo?.frame === "time.Time");
  return hasTime && frame.data?.nanos === undefined;
}

/** Time cells rounded down to the millisecond. */
export function toMilliseconds(frame: CanonFrame): CanonFrame {
  const floorMs = (cell: string) => {
    if (cell === "null") return cell;
    const ns = BigInt(cell);
    const ms = ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n);
    return (ms * 1_000_000n).toString();
  };
  return {
    ...frame,
    fields: frame.fields.map((f) =>
      f.type === "time.Time" ? { ...f, cells: f.cells.map(floorMs) } : f,
    ),
  };
}
