/** The frame codecs `grafana-shim convert` uses, in one place (src/frames owns them). */

import { parseJsonExact } from "../exact-json.js";
import { frameFromArrow, frameToArrow } from "../frames/arrow/frames.js";
import { frameFromJSON, frameToJSON } from "../frames/json/frames.js";
import type { Frame } from "../model/frame.js";

/** JSON text parsed with integers beyond 2^53 kept exact (as bigint). */
export function parseInput(text: string): unknown {
  return parseJsonExact(text, "the input");
}

/** One frame from a parsed frame JSON object (`{"schema":…,"data":…}`). */
export function frameFromJSONObject(value: Readonly<Record<string, unknown>>): Frame {
  return frameFromJSON(value);
}

export function frameToJSONText(frame: Frame): string {
  return frameToJSON(frame);
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** One frame from a base64 Arrow IPC file; undefined when the text is not base64. */
export function frameFromArrowBase64(text: string): Frame | undefined {
  if (!base64.test(text)) return undefined;
  return frameFromArrow(new Uint8Array(Buffer.from(text, "base64")));
}

export function frameToArrowBase64(frame: Frame): string {
  return Buffer.from(frameToArrow(frame)).toString("base64");
}
