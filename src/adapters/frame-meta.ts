/** Data-plane frame types (grafana/dataplane docs/contract) and frame meta helpers. */
import type { Frame, FrameMeta, Notice } from "../model/frame.js";

export type DataPlaneType =
  | "timeseries-multi"
  | "timeseries-wide"
  | "timeseries-long"
  | "numeric-long";

/** `meta.type` plus `typeVersion` [0,1]: readers use the data-plane path only for a version above [0,0]. */
export function dataPlaneMeta(type: DataPlaneType): FrameMeta {
  return { type, typeVersion: [0, 1] };
}

/** The data-plane "no data" answer: one typed frame without fields. */
export function noDataFrame(type: DataPlaneType): Frame {
  return { meta: dataPlaneMeta(type), fields: [] };
}

/** Whether a frame declares a data-plane type. */
export function isTyped(frame: Frame): boolean {
  return typeof frame.meta?.type === "string" && frame.meta.type !== "";
}

/** The frame with notices appended to its meta. */
export function withNotices(frame: Frame, notices: readonly Notice[]): Frame {
  if (notices.length === 0) return frame;
  const meta = frame.meta ?? {};
  return { ...frame, meta: { ...meta, notices: [...(meta.notices ?? []), ...notices] } };
}

/** Frames converted from legacy tables carry this hint; frames with it go back to tables. */
export const tableHint = { preferredVisualisationType: "table" } as const;

export function hasTableHint(frame: Frame): boolean {
  return frame.meta?.preferredVisualisationType === "table";
}
