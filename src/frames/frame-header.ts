import type { FieldConfig, FieldType, FrameMeta, Labels } from "../model/frame.js";

/** A frame without its fields, as a schema describes it. */
export interface FrameHeader {
  name: string;
  refId: string;
  meta?: FrameMeta;
}

/** A field without its values, as a schema describes it. */
export interface FieldHeader {
  name: string;
  type: FieldType;
  nullable: boolean;
  labels?: Labels;
  config?: FieldConfig;
}
