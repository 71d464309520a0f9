import { Bool, type Data, makeData } from "apache-arrow";
import { checkLength, validityOf } from "./arrow-chunks.js";
import type { ArrowCodec, DecodedColumn } from "./arrow-codec.js";
import { badValue } from "./bad-value.js";
import { bitmapBytes, getBit, isPresent, NullTracker, setBit } from "./validity.js";

/** Booleans as an Arrow Bool bitmap. */
export const boolCodec: ArrowCodec = {
  arrowType: () => new Bool(),
  encode(field, rows, where) {
    const values = field.values as ArrayLike<unknown>;
    const bits = new Uint8Array(bitmapBytes(rows));
    const nulls = new NullTracker(rows);
    for (let i = 0; i < rows; i++) {
      const value = values[i];
      if (value === true) setBit(bits, i);
      else if (value === null && field.nullable) nulls.markNull(i);
      else if (value !== false) throw badValue(where, i, value, "a boolean");
    }
    return makeData({
      type: new Bool(),
      length: rows,
      nullCount: nulls.nullCount,
      nullBitmap: nulls.result(),
      data: bits,
    } as never);
  },
  decode: decodeBools,
};

function decodeBools(chunks: readonly Data[], rows: number, where: string): DecodedColumn {
  const out: (boolean | null)[] = new Array(rows);
  let at = 0;
  for (const chunk of chunks) {
    const bits = chunk.values as Uint8Array;
    // Bool data is not pre-sliced by apache-arrow: bit positions include the chunk offset.
    checkLength(bits.length, bitmapBytes(chunk.offset + chunk.length), where);
    const bitmap = validityOf(chunk, where);
    for (let i = chunk.offset, end = i + chunk.length; i < end; i++, at++) {
      out[at] = isPresent(bitmap, i) ? getBit(bits, i) : null;
    }
  }
  return { values: out };
}
