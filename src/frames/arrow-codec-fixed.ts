import { type Data, type DataType, makeData } from "apache-arrow";
import { checkLength, chunksHaveNulls, validityOf } from "./arrow-chunks.js";
import type { ArrowCodec, DecodedColumn } from "./arrow-codec.js";
import type { FixedArray, FixedArrayType, FixedEncoder } from "./arrow-fixed-encode.js";
import { isPresent } from "./validity.js";

export type { FixedArrayType } from "./arrow-fixed-encode.js";

type Cell = number | bigint;

/** A fixed-width column (ints, floats, enums) written by `encode`. */
export function fixedCodec(
  ArrayType: FixedArrayType,
  arrowType: () => DataType,
  encode: FixedEncoder,
): ArrowCodec {
  return {
    arrowType,
    encode(field, rows, where) {
      return makeData({ type: arrowType(), length: rows, ...encode(field, rows, where) } as never);
    },
    decode: (chunks, rows, where) => decodeFixed(chunks, rows, where, ArrayType),
  };
}

function decodeFixed(
  chunks: readonly Data[],
  rows: number,
  where: string,
  ArrayType: FixedArrayType,
): DecodedColumn {
  const views = chunks.map((chunk) => {
    const values = chunk.values as FixedArray;
    checkLength(values.length, chunk.length, where);
    return values.subarray(0, chunk.length);
  });
  if (!chunksHaveNulls(chunks, where)) return { values: joinViews(views, rows, ArrayType) };
  const out: (Cell | null)[] = new Array(rows);
  let at = 0;
  chunks.forEach((chunk, c) => {
    const view = views[c]!;
    const bitmap = validityOf(chunk, where);
    for (let i = 0; i < chunk.length; i++) {
      out[at++] = isPresent(bitmap, chunk.offset + i) ? view[i]! : null;
    }
  });
  return { values: out };
}

/** One chunk is returned as a view over the Arrow buffer (no copy); several are joined. */
function joinViews(views: FixedArray[], rows: number, ArrayType: FixedArrayType): FixedArray {
  if (views.length === 1) return views[0]!;
  const out = new ArrayType(rows);
  let at = 0;
  for (const view of views) {
    out.set(view, at);
    at += view.length;
  }
  return out;
}
