import type { Field } from "../model/frame.js";

/** NaN/±Inf positions of one float field (`entities[i]` in frame JSON). */
export interface Entities {
  NaN?: number[];
  Inf?: number[];
  NegInf?: number[];
}

export interface WrittenColumn {
  /** The column's JSON array text. */
  readonly text: string;
  readonly entities?: Entities;
  readonly nanos?: readonly number[];
}

/** What a column reader gets beside its values: this field's `entities` and `nanos` entries. */
export interface ColumnExtras {
  readonly entities: unknown;
  readonly nanos: unknown;
}

export interface ReadColumn {
  readonly values: ArrayLike<unknown>;
  readonly nanos?: ArrayLike<number>;
  /** Whether a null remained (nulls make a field nullable). */
  readonly hasNull: boolean;
}

/** How one frame field type is written to and read from frame JSON `data`. */
export interface JsonColumnCodec {
  write(field: Field, rows: number, where: string): WrittenColumn;
  read(raw: readonly unknown[], extras: ColumnExtras, where: string): ReadColumn;
  /**
   * Reads the column from its text at `start` when JSON.parse (which gave `parsed`) lost
   * digits of its integers; undefined when the text is not plain enough for that.
   */
  readText?(
    source: { text: string; start: number },
    parsed: readonly unknown[],
    extras: ColumnExtras,
    where: string,
  ): ReadColumn | undefined;
  /** Whether cells JSON.parse rounded to doubles read the same as exact ones. */
  readonly parsedIsExact?: boolean;
}
