/**
 * The data frame model (grafana-plugin-sdk-go `data.Frame`), wire-free.
 * Arrow and JSON codecs and the legacy converters map to and from these types.
 */

/** Field types a Grafana frame can hold (Go type names in comments). */
export type FieldType =
  | "time" // time.Time
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float32"
  | "float64"
  | "string"
  | "bool"
  | "json" // json.RawMessage
  | "enum"; // data.EnumItemIndex (uint16)

/** The JavaScript value of one non-null cell, per field type. */
export interface FieldValueOf {
  time: number; // epoch milliseconds; the sub-millisecond rest is in Field.nanos
  int8: number;
  int16: number;
  int32: number;
  int64: bigint;
  uint8: number;
  uint16: number;
  uint32: number;
  uint64: bigint;
  float32: number;
  float64: number;
  string: string;
  bool: boolean;
  json: unknown; // a JSON value; integers a double cannot hold digit for digit are bigint
  enum: number;
}

export type Labels = Readonly<Record<string, string>>;

/** Field display config (`FieldConfig`), kept as the JSON object Grafana sends. */
export type FieldConfig = Readonly<Record<string, unknown>>;

export interface Field<T extends FieldType = FieldType> {
  readonly name: string;
  readonly type: T;
  /** Whether the column may hold nulls (the Arrow field's nullable flag). */
  readonly nullable: boolean;
  readonly labels?: Labels;
  readonly config?: FieldConfig;
  /** Cell values; `null` only when `nullable`. A typed array is accepted for numeric columns. */
  readonly values: ArrayLike<FieldValueOf[T] | null>;
  /** For `time` fields: nanoseconds past each value's millisecond (0-999999), when any is non-zero. */
  readonly nanos?: ArrayLike<number>;
}

export interface Notice {
  readonly severity: "info" | "warning" | "error";
  readonly text: string;
  readonly link?: string;
  readonly inspect?: "meta" | "error" | "data" | "stats";
}

/** Frame metadata (`FrameMeta`); unknown keys are kept as they came. */
export interface FrameMeta {
  readonly type?: string;
  readonly typeVersion?: readonly [number, number];
  readonly path?: string;
  readonly pathSeparator?: string;
  readonly custom?: unknown;
  readonly stats?: readonly unknown[];
  readonly notices?: readonly Notice[];
  readonly channel?: string;
  readonly preferredVisualisationType?: string;
  readonly preferredVisualisationPluginId?: string;
  readonly executedQueryString?: string;
  readonly dataTopic?: string;
  readonly [key: string]: unknown;
}

export interface Frame {
  readonly name?: string;
  readonly refId?: string;
  readonly meta?: FrameMeta;
  readonly fields: readonly Field[];
}
