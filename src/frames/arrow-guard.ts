import { FlatError, FlatView } from "./flat-view.js";
import { invalid } from "./invalid.js";

// Slots and sizes from the Arrow format's File.fbs, Schema.fbs and Message.fbs.
const FOOTER = { schema: 1, dictionaries: 2, recordBatches: 3, metadata: 4 };
const SCHEMA = { fields: 1, metadata: 2, features: 3 };
const FIELD = { name: 0, children: 5, metadata: 6 };
const KEY_VALUE = { key: 0, value: 1 };
const MESSAGE = { headerType: 1, header: 2, metadata: 4 };
const RECORD_BATCH = { nodes: 1, buffers: 2, variadicCounts: 4 };
const HEADER_DICTIONARY = 2;
const HEADER_RECORD_BATCH = 3;
const BLOCK_BYTES = 24;
const MAX_DEPTH = 64;

/**
 * Vets the footer, schema and record-batch metadata of an Arrow IPC file (framing already
 * checked) so that apache-arrow only ever parses bounded metadata.
 */
export function guardArrowFile(bytes: Uint8Array): void {
  try {
    const file = new FlatView(bytes);
    const footerLength = file.i32(bytes.length - 10);
    const footerStart = bytes.length - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) throw new FlatError("bad footer length");
    const footer = new FlatView(bytes.subarray(footerStart, bytes.length - 10));
    const root = footer.root();
    const schema = footer.table(root, FOOTER.schema);
    if (schema === 0) throw new FlatError("footer has no schema");
    guardSchema(footer, schema);
    guardKeyValues(footer, root, FOOTER.metadata);
    guardBlocks(file, footer, root, FOOTER.dictionaries, HEADER_DICTIONARY);
    guardBlocks(file, footer, root, FOOTER.recordBatches, HEADER_RECORD_BATCH);
  } catch (thrown) {
    if (thrown instanceof FlatError) {
      throw invalid(`garbled Arrow IPC file: ${thrown.message} in the metadata`);
    }
    throw thrown;
  }
}

function guardSchema(view: FlatView, schema: number): void {
  const budget = { fields: Math.floor(view.size / 4) };
  const fields = view.vector(schema, SCHEMA.fields, 4);
  for (let i = 0; i < fields.length; i++)
    guardField(view, view.tableAt(fields.start, i), 1, budget);
  guardKeyValues(view, schema, SCHEMA.metadata);
  view.vector(schema, SCHEMA.features, 8);
}

// A field tree may share sub-tables through garbled offsets: a global budget bounds the walk.
function guardField(view: FlatView, field: number, depth: number, budget: { fields: number }) {
  budget.fields -= 1;
  if (budget.fields < 0 || depth > MAX_DEPTH) throw new FlatError("field tree too large");
  guardString(view, field, FIELD.name);
  guardKeyValues(view, field, FIELD.metadata);
  const children = view.vector(field, FIELD.children, 4);
  for (let i = 0; i < children.length; i++) {
    guardField(view, view.tableAt(children.start, i), depth + 1, budget);
  }
}

function guardKeyValues(view: FlatView, table: number, slot: number): void {
  const entries = view.vector(table, slot, 4);
  for (let i = 0; i < entries.length; i++) {
    const entry = view.tableAt(entries.start, i);
    guardString(view, entry, KEY_VALUE.key);
    guardString(view, entry, KEY_VALUE.value);
  }
}

function guardString(view: FlatView, table: number, slot: number): void {
  view.vector(table, slot, 1);
}

function guardBlocks(file: FlatView, footer: FlatView, root: number, slot: number, header: number) {
  const blocks = footer.vector(root, slot, BLOCK_BYTES);
  for (let i = 0; i < blocks.length; i++) {
    const at = blocks.start + i * BLOCK_BYTES;
    guardMessage(file, readOffset(footer, at), footer.i32(at + 8), header);
  }
}

function readOffset(view: FlatView, at: number): number {
  const high = view.i32(at + 4);
  if (high !== 0) throw new FlatError("block offset out of range");
  return view.u32(at);
}

function guardMessage(file: FlatView, offset: number, metadataLength: number, header: number) {
  if (metadataLength <= 0 || offset + metadataLength > file.size) {
    throw new FlatError("record batch block out of range");
  }
  // A message is [0xFFFFFFFF] length flatbuffer; files before Arrow 0.15 omit the marker.
  const marker = file.i32(offset) === -1 ? 4 : 0;
  const length = file.i32(offset + marker);
  const start = offset + marker + 4;
  if (length <= 0 || start + length > file.size) throw new FlatError("message length out of range");
  const message = new FlatView(file.bytes.subarray(start, start + length));
  const table = message.root();
  guardKeyValues(message, table, MESSAGE.metadata);
  // apache-arrow loops forever on a block that points at another kind of message.
  const headerType = message.field(table, MESSAGE.headerType);
  if (headerType === 0 || message.u8(headerType) !== header) {
    throw new FlatError("file block pointing at the wrong message");
  }
  const batch = message.table(table, MESSAGE.header);
  if (batch === 0) throw new FlatError("message without header");
  const data = header === HEADER_DICTIONARY ? message.table(batch, 1) : batch;
  if (data === 0) return;
  message.vector(data, RECORD_BATCH.nodes, 16);
  message.vector(data, RECORD_BATCH.buffers, 16);
  message.vector(data, RECORD_BATCH.variadicCounts, 8);
}
