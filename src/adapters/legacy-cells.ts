/**
 * Legacy table cells by kind (the protocol-1 RowValue kinds), and their JSON forms: plain JSON
 * where JSON can say it exactly, else the protocol-1 RowValue object in protobuf's JSON
 * mapping (`{"kind":"TYPE_INT64","int64Value":"5"}`), which no other JSON value looks like.
 */
import { isPlainObject } from "../json-object.js";
import type { FieldType } from "../model/frame.js";
import type { Cell } from "../model/legacy.js";

export type CellKind = "double" | "int64" | "bool" | "string" | "bytes";

interface KindCodec {
  /** protocol-1 `RowValue.kind` name and the key of its value. */
  readonly protoKind: string;
  readonly valueKey: string;
  /** The field type of a column whose cells all have this kind. */
  readonly fieldType: FieldType;
  /** The value in RowValue JSON (int64 as a string, bytes as base64, NaN as "NaN"). */
  readonly toProto: (cell: never) => unknown;
  /** The cell a RowValue JSON value stands for, or undefined when it is not one. */
  readonly fromProto: (value: unknown) => Cell | undefined;
  /** Whether plain JSON holds the cell unambiguously. */
  readonly plain: (cell: never) => boolean;
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

export function fitsInt64(value: bigint): boolean {
  return value >= int64Min && value <= int64Max;
}

/** Whether a double has no JSON number form (NaN, ±Inf) or would lose its sign (-0). */
export function isSpecialDouble(value: number): boolean {
  return !Number.isFinite(value) || Object.is(value, -0);
}

const specialDoubles: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "-0": -0,
};

export const kindCodecs: Readonly<Record<CellKind, KindCodec>> = {
  double: {
    protoKind: "TYPE_DOUBLE",
    valueKey: "doubleValue",
    fieldType: "float64",
    toProto: (v: number) => (isSpecialDouble(v) ? (Object.is(v, -0) ? "-0" : String(v)) : v),
    fromProto: (x) =>
      typeof x === "number" ? x : typeof x === "string" ? specialDoubles[x] : undefined,
    plain: (v: number) => !isSpecialDouble(v),
  },
  int64: {
    protoKind: "TYPE_INT64",
    valueKey: "int64Value",
    fieldType: "int64",
    toProto: (v: bigint) => v.toString(),
    fromProto: (x) => int64From(x),
    plain: () => false,
  },
  bool: {
    protoKind: "TYPE_BOOL",
    valueKey: "boolValue",
    fieldType: "bool",
    toProto: (v: boolean) => v,
    fromProto: (x) => (typeof x === "boolean" ? x : undefined),
    plain: () => true,
  },
  string: {
    protoKind: "TYPE_STRING",
    valueKey: "stringValue",
    fieldType: "string",
    toProto: (v: string) => v,
    fromProto: (x) => (typeof x === "string" ? x : undefined),
    plain: () => true,
  },
  bytes: {
    protoKind: "TYPE_BYTES",
    valueKey: "bytesValue",
    fieldType: "json",
    toProto: (v: Uint8Array) =>
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64"),
    fromProto: (x) => (typeof x === "string" ? bytesFromBase64(x) : undefined),
    plain: () => false,
  },
};

const kindsByProto = new Map(
  (Object.keys(kindCodecs) as CellKind[]).map((kind) => [kindCodecs[kind].protoKind, kind]),
);

/** The kind of a valid legacy cell; "null" for null; undefined for anything that is not a cell. */
export function cellKindOf(cell: unknown): CellKind | "null" | undefined {
  switch (typeof cell) {
    case "number":
      return "double";
    case "bigint":
      return fitsInt64(cell) ? "int64" : undefined;
    case "boolean":
      return "bool";
    case "string":
      return "string";
    case "object":
      if (cell === null) return "null";
      return cell instanceof Uint8Array ? "bytes" : undefined;
    default:
      return undefined;
  }
}

/** The RowValue JSON object of a non-null cell. */
export function rowValueToJSON(cell: Exclude<Cell, null>): Record<string, unknown> {
  const codec = kindCodecs[cellKindOf(cell) as CellKind];
  return { kind: codec.protoKind, [codec.valueKey]: codec.toProto(cell as never) };
}

/** A cell as a JSON value: plain JSON when that is exact, else its RowValue object. */
export function cellToJSON(cell: Cell): unknown {
  if (cell === null) return null;
  const codec = kindCodecs[cellKindOf(cell) as CellKind];
  return codec.plain(cell as never) ? cell : rowValueToJSON(cell);
}

/**
 * The cell a RowValue JSON object stands for (`{"kind":"TYPE_NULL"}` is null), or undefined
 * when the value is not exactly such an object.
 */
export function rowValueFromJSON(value: unknown): Cell | undefined {
  if (!isPlainObject(value) || typeof value.kind !== "string") return undefined;
  const keys = Object.keys(value);
  if (value.kind === "TYPE_NULL") return keys.length === 1 ? null : undefined;
  const kind = kindsByProto.get(value.kind);
  if (kind === undefined) return undefined;
  const codec = kindCodecs[kind];
  if (keys.length !== 2 || !(codec.valueKey in value)) return undefined;
  return codec.fromProto(value[codec.valueKey]);
}

function int64From(value: unknown): bigint | undefined {
  let big: bigint | undefined;
  if (typeof value === "bigint") big = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) big = BigInt(value);
  else if (typeof value === "string" && /^-?\d{1,20}$/.test(value)) big = BigInt(value);
  return big !== undefined && fitsInt64(big) ? big : undefined;
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bytesFromBase64(text: string): Uint8Array | undefined {
  return base64.test(text) ? new Uint8Array(Buffer.from(text, "base64")) : undefined;
}
