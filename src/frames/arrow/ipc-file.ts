/**
 * Arrow IPC files in and out, through apache-arrow's reader and writer: only the file format,
 * its framing checked and its flatbuffers metadata vetted before apache-arrow parses it.
 */
import {
  type Data,
  DataType,
  Message,
  MetadataVersion,
  type RecordBatch,
  RecordBatchReader,
  type Schema,
  Vector,
} from "apache-arrow";
import { MAGIC } from "apache-arrow/ipc/message";
import { FileBlock, Footer } from "apache-arrow/ipc/metadata/file";
import * as metadata from "apache-arrow/ipc/metadata/message";
import { VectorAssembler } from "apache-arrow/visitor/vectorassembler";
import { messageOf } from "../../errors.js";
import { invalid } from "../invalid.js";

// Smallest file: magic + 2 padding bytes + footer length + magic, around an empty footer.
const MIN_FILE_BYTES = 6 + 2 + 4 + 6;

export interface ArrowFile {
  readonly schema: Schema;
  readonly batches: readonly RecordBatch[];
}

/** Reads an Arrow IPC file (never the stream format), reporting any damage as invalid_argument. */
export function readArrowFile(bytes: Uint8Array): ArrowFile {
  checkFraming(bytes);
  const aligned = alignedCopy(bytes);
  guardArrowFile(aligned);
  try {
    const reader = RecordBatchReader.from(aligned);
    if (!reader.isFile()) throw new Error("not an IPC file");
    reader.open();
    const schema = reader.schema; // the reader forgets its schema once iterated to the end
    // Empty batches add nothing (a file without batches even yields a placeholder one).
    const batches = [...reader].filter((batch) => batch.numRows > 0);
    return { schema, batches };
  } catch (thrown) {
    throw invalid(`garbled Arrow IPC file: ${messageOf(thrown)}`, thrown);
  }
}

function checkFraming(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw invalid("Arrow data must be a Uint8Array");
  if (bytes.length === 0) throw invalid("empty Arrow data: expected an Arrow IPC file");
  if (!hasMagic(bytes, 0)) {
    // Stream messages start with the 0xFFFFFFFF continuation marker (or, pre-0.15, a length).
    throw bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff
      ? invalid("Arrow IPC stream format is not accepted: frames travel as Arrow IPC files")
      : invalid("not an Arrow IPC file: missing the ARROW1 magic");
  }
  if (bytes.length < MIN_FILE_BYTES || !hasMagic(bytes, bytes.length - 6)) {
    throw invalid("truncated Arrow IPC file: missing the closing ARROW1 magic");
  }
}

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return MAGIC.every((byte, i) => bytes[at + i] === byte);
}

// apache-arrow views buffers in place and throws on misaligned typed arrays, and protobuf
// bytes fields are slices at arbitrary offsets: copy those once.
function alignedCopy(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}

/**
 * Writes an Arrow IPC file holding `schema` and, when given, one record batch of `rows` rows
 * made of `columns` (one per schema field): the bytes apache-arrow's RecordBatchFileWriter
 * writes, from the same encoders (VectorAssembler, Message, Footer) without its stream
 * machinery, and with the record batch message and footer of a repeated frame shape taken
 * from `messages` and `footers` instead of being encoded again.
 */
export function writeArrowFile(
  schema: Schema,
  columns: readonly Data[] | undefined,
  rows: number,
): Uint8Array {
  if (columns === undefined) return fileOf(schema, undefined, [], 0);
  // One vector per column: what assemble takes from a RecordBatch, without building one.
  const body = VectorAssembler.assemble(...columns.map((column) => new Vector([column])));
  const message = messages.get(messageKey(rows, body), () => {
    const header = new metadata.RecordBatch(
      rows,
      body.nodes,
      body.bufferRegions,
      null,
      body.variadicBufferCounts,
    );
    return Message.encode(Message.from(header, body.byteLength));
  });
  return fileOf(schema, message, body.buffers, body.byteLength);
}

// Layout as RecordBatchFileWriter writes it: magic and 2 padding bytes, the record batch
// message (continuation marker, length, flatbuffer padded to 8) and its body buffers (each
// padded to 8), the end-of-stream marker, the footer, its length and the magic again.
function fileOf(
  schema: Schema,
  message: Uint8Array | undefined,
  buffers: readonly ArrayBufferView[],
  bodyLength: number,
): Uint8Array {
  const metaLength = message === undefined ? 0 : padded8(message.length + 8);
  const blocks = message === undefined ? [] : [{ metaLength, bodyLength }];
  const footer = footers.get(footerKey(schema, blocks), () => {
    const file = blocks.map((b) => new FileBlock(b.metaLength, b.bodyLength, 8));
    return Footer.encode(new Footer(schema, MetadataVersion.V5, file, []));
  });
  const size = 8 + metaLength + bodyLength + 8 + footer.length + 4 + MAGIC.length;
  // Small files come from Node's buffer pool (a fresh ArrayBuffer costs more than the rest);
  // the padding bytes must read as zeros.
  const out = size < Buffer.poolSize >>> 1 ? Buffer.allocUnsafe(size).fill(0) : Buffer.alloc(size);
  out.set(MAGIC, 0);
  let at = 8;
  if (message !== undefined) {
    out.writeInt32LE(-1, at);
    out.writeInt32LE(metaLength - 8, at + 4);
    out.set(message, at + 8);
    at += metaLength;
    for (const buffer of buffers) {
      out.set(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), at);
      at += padded8(buffer.byteLength);
    }
  }
  out.writeInt32LE(-1, at);
  at += 8;
  out.set(footer, at);
  at += footer.length;
  out.writeInt32LE(footer.length, at);
  out.set(MAGIC, at + 4);
  return out;
}

function padded8(bytes: number): number {
  return (bytes + 7) & ~7;
}

interface Block {
  readonly metaLength: number;
  readonly bodyLength: number;
}

/**
 * Encoded Arrow metadata by a key holding everything its encoder reads, least recently used
 * first out: the same query answered again reuses its record batch message and its footer
 * (the schema's flatbuffers, the largest part of writing a small frame).
 */
export class EncodedCache {
  private readonly entries = new Map<string, Uint8Array>();

  constructor(
    private readonly capacity: number,
    private readonly maxKeyChars: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The bytes kept under `key`, or `encode()`'s, kept when the key is short enough. */
  get(key: string | undefined, encode: () => Uint8Array): Uint8Array {
    const cached = key === undefined ? undefined : this.entries.get(key);
    if (cached !== undefined && key !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const encoded = encode();
    if (key === undefined || key.length > this.maxKeyChars) return encoded;
    this.entries.set(key, encoded);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return encoded;
  }

  clear(): void {
    this.entries.clear();
  }
}

// Undefined (not cached) for nested or dictionary fields, whose type text would not say all.
// Every string is length-prefixed, so no two different schemas can spell the same key.
function footerKey(schema: Schema, blocks: readonly Block[]): string | undefined {
  let key = "";
  for (const block of blocks) key += `${block.metaLength},${block.bodyLength};`;
  key += keyValues(schema.metadata);
  for (const field of schema.fields) {
    const type: DataType = field.type;
    if (DataType.isDictionary(type) || (type.children?.length ?? 0) > 0) return undefined;
    const text = `${type}`; // apache-arrow's type text: its name and parameters
    key += `|${field.name.length}:${field.name}${field.nullable ? "?" : "!"}${type.typeId}`;
    key += `,${text.length}:${text}`;
    key += keyValues(field.metadata);
  }
  return key;
}

function keyValues(entries: ReadonlyMap<string, string>): string {
  let text = `{${entries.size}`;
  for (const [k, v] of entries) text += `,${k.length}:${k}${v.length}:${v}`;
  return text;
}

// What Message.encode reads of a record batch: its length, nodes, buffer regions, variadic
// buffer counts and body length (no compression, no custom metadata).
function messageKey(rows: number, body: VectorAssembler): string {
  let key = `${rows};${body.byteLength};`;
  for (const node of body.nodes) key += `${node.length},${node.nullCount};`;
  key += "|";
  for (const region of body.bufferRegions) key += `${region.offset},${region.length};`;
  return `${key}|${body.variadicBufferCounts.join(",")}`;
}

/** The footers of the frame shapes written last; keys up to 16 384 characters bound its size. */
export const footers = new EncodedCache(64, 16_384);

/** The record batch messages of the frame shapes written last. */
export const messages = new EncodedCache(64, 4_096);

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
function guardArrowFile(bytes: Uint8Array): void {
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

// A bounds-checked flatbuffers reader, just enough to vet the metadata: apache-arrow's own
// reader trusts vector lengths and can loop for minutes.
class FlatError extends Error {}

export class FlatView {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.bytes.length;
  }

  private need(at: number, bytes: number): void {
    if (!(at >= 0 && at + bytes <= this.bytes.length)) throw new FlatError("offset out of range");
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.view.getUint8(at);
  }

  u16(at: number): number {
    this.need(at, 2);
    return this.view.getUint16(at, true);
  }

  i32(at: number): number {
    this.need(at, 4);
    return this.view.getInt32(at, true);
  }

  u32(at: number): number {
    this.need(at, 4);
    return this.view.getUint32(at, true);
  }

  /** Position of the root table. */
  root(): number {
    return this.u32(0);
  }

  /** Position of a table field (slot index), or 0 when absent. */
  field(table: number, slot: number): number {
    const vtable = table - this.i32(table);
    const vtableSize = this.u16(vtable);
    const entry = 4 + 2 * slot;
    if (entry + 2 > vtableSize) return 0;
    const offset = this.u16(vtable + entry);
    return offset === 0 ? 0 : table + offset;
  }

  /** Position of the table a table field points to, or 0 when absent. */
  table(table: number, slot: number): number {
    const at = this.field(table, slot);
    return at === 0 ? 0 : at + this.u32(at);
  }

  /** Element start and length of a vector field whose elements are `width` bytes. */
  vector(table: number, slot: number, width: number): { start: number; length: number } {
    const at = this.field(table, slot);
    if (at === 0) return { start: 0, length: 0 };
    const vector = at + this.u32(at);
    const length = this.u32(vector);
    this.need(vector + 4, length * width);
    return { start: vector + 4, length };
  }

  /** Position of the i-th table of a vector of tables. */
  tableAt(start: number, i: number): number {
    const at = start + 4 * i;
    return at + this.u32(at);
  }
}
