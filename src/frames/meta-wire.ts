/**
 * FrameMeta as the SDK puts it on the wire: Go's Notice.Inspect is an int without JSON
 * names (1 meta, 2 error, 3 data, 4 stats; 0 is left out), and Go writes every notice's
 * severity (its zero value is "info"). Everything else in meta travels as it is.
 */
import type { FrameMeta } from "../model/frame.js";

const INSPECT = ["", "meta", "error", "data", "stats"];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function mapNotices(meta: FrameMeta, map: (notice: Record<string, unknown>) => unknown): FrameMeta {
  if (!Array.isArray(meta.notices)) return meta;
  const notices = meta.notices.map((notice: unknown) => (isObject(notice) ? map(notice) : notice));
  return { ...meta, notices } as FrameMeta;
}

/** The meta to serialize: inspect names become the SDK's numbers, severity defaults to info. */
export function metaToWire(meta: FrameMeta): FrameMeta {
  return mapNotices(meta, (notice) => {
    const index = typeof notice.inspect === "string" ? INSPECT.indexOf(notice.inspect) : -1;
    const severity = notice.severity ?? "info";
    return index > 0 ? { severity, ...notice, inspect: index } : { severity, ...notice };
  });
}

/** The meta read from the wire: inspect numbers become names (0, "none", is left out). */
export function metaFromWire(meta: Record<string, unknown>): FrameMeta {
  return mapNotices(meta as FrameMeta, (notice) => {
    if (typeof notice.inspect !== "number") return notice;
    const { inspect, ...rest } = notice;
    const named = INSPECT[inspect] ?? inspect;
    return named === "" ? rest : { ...notice, inspect: named };
  });
}
