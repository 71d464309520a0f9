/** An upstream answer read as JSON: non-2xx, non-JSON and too deeply nested bodies are downstream errors. */
import { STATUS_CODES } from "node:http";
import { messageOf } from "../../errors.js";
import { type PointColumns, splitDatapoints } from "./datapoints-text.js";
import type { UpstreamAnswer } from "./upstream-call.js";
import { downstream } from "./upstream-call.js";

/** A `/query` answer: the parsed JSON, and the datapoints read as columns (by item index). */
export interface QueryJson {
  readonly json: unknown;
  readonly columns: ReadonlyMap<number, PointColumns>;
}

const noColumns: ReadonlyMap<number, PointColumns> = new Map();

/** Deeper than any Simple JSON answer needs; bounds the work of walking one. */
export const maxDepth = 64;

export function answerJson(answer: UpstreamAnswer, what: string): unknown {
  return parsedAnswer(answer, what, false).json;
}

/** A `/query` answer, its plain datapoints read straight into columns (datapoints-text.ts). */
export function answerQueryJson(answer: UpstreamAnswer, what: string): QueryJson {
  return parsedAnswer(answer, what, true);
}

function parsedAnswer(answer: UpstreamAnswer, what: string, columns: boolean): QueryJson {
  const bytes = answer.body;
  answer.body = new Uint8Array(0); // read from `bytes` only: they go when this call ends
  const text = () => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (answer.status < 200 || answer.status > 299) {
    throw downstream(
      `${what} answered ${answer.status} ${statusText(answer.status)}${snippet(text())}`,
    );
  }
  const depth = nestingDepth(bytes, maxDepth);
  if (depth > maxDepth) {
    throw downstream(
      `${what} answered ${answer.status} with JSON nested deeper than ${maxDepth} levels`,
    );
  }
  try {
    const split = columns ? splitDatapoints(bytes) : undefined;
    if (split !== undefined) {
      try {
        return { json: JSON.parse(split.rest), columns: split.columns };
      } catch {
        // The whole text again, so that JSON.parse's message points into what was received.
      }
    }
    return { json: JSON.parse(text()), columns: noColumns };
  } catch (thrown) {
    const type = String(answer.headers["content-type"] ?? "none");
    const reason = messageOf(thrown);
    throw downstream(
      `${what} answered ${answer.status} with a body that is not JSON (content-type ${type}): ${reason}${snippet(text())}`,
    );
  }
}

/**
 * How deep arrays and objects nest in UTF-8 JSON, counted outside strings; stops counting past
 * `limit`. Quotes, backslashes and brackets are ASCII, never part of a multi-byte character.
 */
export function nestingDepth(bytes: Uint8Array, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return "";
  return `: ${flat.length > 200 ? `${flat.slice(0, 200)}…` : flat}`;
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? "";
}
