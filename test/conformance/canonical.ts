/**
 * One comparable form for a frame, whoever produced it: the SDK's JSON (read here, not by
 * the shim) or the shim's Frame model. Cells become strings that are equal exactly when the
 * Go SDK would hold the same value (float32 rounded to float32, time as total nanoseconds).
 */
import { canonicalJson } from "./lossless-json.js";

export interface CanonField {
  readonly name: string;
  /** The SDK's typeInfo.frame name: int8 … uint64, float32, float64, string, bool, time.Time, json.RawMessage, enum. */
  readonly type: string;
  readonly nullable: boolean;
  readonly labels: string | undefined;
  readonly config: string | undefined;
  readonly cells: readonly string[];
}

export interface CanonFrame {
  readonly name: string;
  readonly refId: string;
  readonly meta: string | undefined;
  readonly fields: readonly CanonField[];
}

const integerTypes = new Set([
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "enum",
]);

/** The canonical text of one non-null cell; `entity` is NaN/Inf/NegInf from the JSON entities. */
export function canonCell(type: string, value: unknown, nanos = 0, entity?: string): string {
  if (entity) return { NaN: "NaN", Inf: "+Inf", NegInf: "-Inf" }[entity] ?? `entity ${entity}`;
  if (integerTypes.has(type)) return intText(value);
  switch (type) {
    case "float32": // Go writes float32 in its shortest float32 form: compare as float32
      return floatText(
        typeof value === "number" || typeof value === "bigint" ? Math.fround(Number(value)) : value,
      );
    case "float64":
      return floatText(typeof value === "bigint" ? Number(value) : value);
    case "time.Time":
      return typeof value === "number" || typeof value === "bigint"
        ? (BigInt(intText(value)) * 1_000_000n + BigInt(nanos)).toString()
        : `not a time: ${String(value)}`;
    case "json.RawMessage":
      return canonicalJson(value);
    default: // string, bool
      return JSON.stringify(value) ?? String(value);
  }
}

function intText(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value).toString();
  return `not an integer: ${String(value)}`;
}

function floatText(value: unknown): string {
  if (typeof value !== "number") return `not a number: ${String(value)}`;
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value); // -0 and 0 both "0": JSON cannot tell them apart either
}

/** The SDK's data.InspectType numbers (it has no JSON names for them). */
export const inspectNames = ["", "meta", "error", "data", "stats"] as const;

/**
 * Meta as text; a missing typeVersion is [0,0], which the SDK writes and Grafana assumes; a
 * notice's inspect is named, whether it came as the SDK's number or as a name; and a notice
 * without severity is "info" (the SDK's zero value: older SDKs left it out, current ones write it).
 */
export function canonMeta(meta: unknown): string | undefined {
  if (meta === undefined || meta === null) return undefined;
  if (typeof meta !== "object" || Array.isArray(meta)) return canonicalJson(meta);
  const notices = (meta as { notices?: unknown }).notices;
  const named = Array.isArray(notices) ? { notices: notices.map(namedInspect) } : {};
  return canonicalJson({ typeVersion: [0, 0], ...meta, ...named });
}

function namedInspect(notice: unknown): unknown {
  if (notice === null || typeof notice !== "object") return notice;
  const withSeverity = { severity: "info", ...notice };
  const inspect = (notice as { inspect?: unknown }).inspect;
  const n = typeof inspect === "bigint" ? Number(inspect) : inspect;
  return typeof n === "number" ? { ...withSeverity, inspect: inspectNames[n] ?? n } : withSeverity;
}

/** Human-readable differences, at most `limit` of them (none when equal). */
export function diffFrames(expected: CanonFrame, actual: CanonFrame, limit = 12): string[] {
  const out: string[] = [];
  const note = (path: string, want: unknown, got: unknown) => {
    if (want !== got) out.push(`${path}: expected ${show(want)}, got ${show(got)}`);
  };
  note("name", expected.name, actual.name);
  note("refId", expected.refId, actual.refId);
  note("meta", expected.meta, actual.meta);
  note("field count", expected.fields.length, actual.fields.length);
  expected.fields.forEach((want, i) => {
    const got = actual.fields[i];
    if (!got) return;
    const at = `fields[${i}] ${JSON.stringify(want.name)}`;
    for (const key of ["name", "type", "nullable", "labels", "config"] as const) {
      note(`${at} ${key}`, want[key], got[key]);
    }
    note(`${at} length`, want.cells.length, got.cells.length);
    want.cells.forEach((cell, row) => {
      note(`${at} row ${row}`, cell, got.cells[row]);
    });
  });
  return out.length > limit ? [...out.slice(0, limit), `… and ${out.length - limit} more`] : out;
}

function show(value: unknown): string {
  return value === undefined
    ? "(absent)"
    : typeof value === "string"
      ? value
      : JSON.stringify(value);
}
