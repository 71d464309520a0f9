import { type RecordBatch, RecordBatchReader, type Schema } from "apache-arrow";
import { guardArrowFile } from "./arrow-guard.js";
import { invalid, messageOf } from "./invalid.js";

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
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
