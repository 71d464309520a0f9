import type { Data, DataType } from "apache-arrow";
import type { Field } from "../model/frame.js";

/** The model-side column an Arrow codec decodes to. */
export interface DecodedColumn {
  readonly values: ArrayLike<unknown>;
  readonly nanos?: ArrayLike<number>;
}

/** How one frame field type is written to and read from Arrow. */
export interface ArrowCodec {
  /** The Arrow type the field type is written as. */
  arrowType(): DataType;
  /** Builds the column's Arrow data from a field already checked to hold `rows` values. */
  encode(field: Field, rows: number, where: string): Data;
  /** Reads the column from one Arrow data chunk per record batch. */
  decode(chunks: readonly Data[], rows: number, where: string): DecodedColumn;
}
