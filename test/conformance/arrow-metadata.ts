/** Schema and field metadata straight from an Arrow file, read with apache-arrow, not the shim. */
import { RecordBatchFileReader } from "apache-arrow";
import { canonicalJson, parseLossless } from "./lossless-json.js";

export interface RawArrowMetadata {
  /** Arrow IPC metadata version: 3 = V4, 4 = V5. */
  readonly metadataVersion: number;
  readonly meta: unknown;
  /** Canonical config text per field, as the file has it. */
  readonly configs: readonly (string | undefined)[];
}

export function rawArrowMetadata(bytes: Uint8Array): RawArrowMetadata {
  const reader = RecordBatchFileReader.from(bytes);
  reader.open();
  const { schema } = reader;
  const meta = schema.metadata.get("meta");
  return {
    metadataVersion: schema.metadataVersion,
    meta: meta === undefined ? undefined : parseLossless(meta),
    configs: schema.fields.map((field) => {
      const config = field.metadata.get("config");
      return config === undefined ? undefined : canonicalJson(parseLossless(config));
    }),
  };
}
