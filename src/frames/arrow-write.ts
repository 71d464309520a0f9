import {
  type Data,
  RecordBatch,
  RecordBatchFileWriter,
  type Schema,
  type Struct,
} from "apache-arrow";

/** Writes an Arrow IPC file holding `schema` and, when given, one record batch of `data`. */
export function writeArrowFile(schema: Schema, data: Data<Struct> | undefined): Uint8Array {
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  if (data !== undefined) writer.write(recordBatch(schema, data));
  writer.finish();
  return writer.toUint8Array(true);
}

// RecordBatch's constructor re-derives its schema with Schema.assign, which merges fields
// of the same name (legal in frames): put the exact schema and data back afterwards.
function recordBatch(schema: Schema, data: Data<Struct>): RecordBatch {
  const batch = new RecordBatch(schema, data);
  Object.assign(batch, { schema, data });
  return batch;
}
