/**
 * A frame written by apache-arrow's own RecordBatchFileWriter, as frameToArrow wrote every
 * frame before it reused footers: the reference its bytes are compared with.
 */
import { makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct } from "apache-arrow";
import { arrowCodecs } from "../../../src/frames/arrow/codecs.js";
import { arrowFieldOf, schemaMetadataOf } from "../../../src/frames/arrow/schema.js";
import { frameRowCount } from "../../../src/frames/frame-check.js";
import { labelOf } from "../../../src/frames/invalid.js";
import type { Frame } from "../../../src/model/frame.js";

export function frameToArrowByWriter(frame: Frame): Uint8Array {
  const rows = frameRowCount(frame);
  const fields = frame.fields.map(arrowFieldOf);
  const schema = new Schema(fields, schemaMetadataOf(frame));
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  if (rows > 0) {
    const children = frame.fields.map((field, i) =>
      arrowCodecs[field.type].encode(field, rows, labelOf(field, i)),
    );
    const data = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children });
    // RecordBatch merges fields of the same name into its schema: put the exact one back.
    const batch = new RecordBatch(schema, data);
    Object.assign(batch, { schema, data });
    writer.write(batch);
  }
  writer.finish();
  return writer.toUint8Array(true);
}
