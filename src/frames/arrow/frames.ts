/**
 * Frames as Arrow IPC files, the way grafana-plugin-sdk-go's data/arrow.go writes and reads them.
 */
import { type Data, type RecordBatch, Schema } from "apache-arrow";
import { messageOf, ShimError } from "../../errors.js";
import type { Field, Frame } from "../../model/frame.js";
import { frameRowCount } from "../frame-check.js";
import { invalid, labelOf, withFrameIndex } from "../invalid.js";
import { arrowCodecs } from "./codecs.js";
import { readArrowFile, writeArrowFile } from "./ipc-file.js";
import { arrowFieldOf, fieldHeaderOf, frameHeaderOf, schemaMetadataOf } from "./schema.js";

/**
 * Encodes a frame as an Arrow IPC file: one record batch with every row (none for zero
 * rows), schema metadata name/refId/meta, field metadata tstype/labels/config.
 * Throws ShimError(invalid_argument) for a malformed frame.
 */
export function frameToArrow(frame: Frame): Uint8Array {
  const rows = frameRowCount(frame);
  const fields = frame.fields.map(arrowFieldOf);
  const schema = new Schema(fields, schemaMetadataOf(frame));
  if (rows === 0) return writeArrowFile(schema, undefined, 0);
  const columns = frame.fields.map((field, i) =>
    arrowCodecs[field.type].encode(field, rows, labelOf(field, i)),
  );
  return writeArrowFile(schema, columns, rows);
}

/**
 * Decodes an Arrow IPC file written by any grafana-plugin-sdk-go version (IPC metadata V4 or
 * V5, `tstype` or legacy `name` field metadata). Non-null numeric columns come back as typed
 * arrays that may share memory with `bytes`. Throws ShimError(invalid_argument) for bad input.
 */
export function frameFromArrow(bytes: Uint8Array): Frame {
  const file = readArrowFile(bytes);
  const header = frameHeaderOf(file.schema);
  const rows = file.batches.reduce((sum, batch) => sum + batch.numRows, 0);
  const fields = file.schema.fields.map((arrowField, index): Field => {
    const field = fieldHeaderOf(arrowField, index);
    const where = labelOf(field, index);
    const chunks = file.batches.map((batch) => chunkOf(batch, index, where));
    const column = decodeColumn(field.type, chunks, rows, where);
    // Nulls in a column flagged non-nullable (not written by the SDK) make it nullable;
    // a json null is a JSON value, not a missing one.
    const nullable = field.nullable || (field.type !== "json" && containsNull(column.values));
    return { ...field, nullable, ...column };
  });
  return { ...header, fields };
}

/** Encodes each frame with frameToArrow (the `frames` bytes list of a DataResponse). */
export function framesToArrow(frames: readonly Frame[]): Uint8Array[] {
  return frames.map((frame, i) => withFrameIndex(i, () => frameToArrow(frame)));
}

/** Decodes each Arrow IPC file with frameFromArrow; errors name the frame's index. */
export function framesFromArrow(list: readonly Uint8Array[]): Frame[] {
  return list.map((bytes, i) => withFrameIndex(i, () => frameFromArrow(bytes)));
}

function decodeColumn(type: Field["type"], chunks: readonly Data[], rows: number, where: string) {
  try {
    return arrowCodecs[type].decode(chunks, rows, where);
  } catch (thrown) {
    if (thrown instanceof ShimError) throw thrown;
    throw invalid(`Arrow ${where}: ${messageOf(thrown)} (garbled file)`, thrown);
  }
}

function chunkOf(batch: RecordBatch, index: number, where: string): Data {
  const chunk = batch.data.children[index];
  if (chunk === undefined || chunk.length !== batch.numRows) {
    throw invalid(`Arrow ${where}: column length differs from the record batch (garbled file)`);
  }
  return chunk;
}

function containsNull(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values)) return false;
  for (let i = 0; i < values.length; i++) if (values[i] === null) return true;
  return false;
}
