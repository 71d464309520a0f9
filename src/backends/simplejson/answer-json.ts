/** An upstream answer read as JSON: non-2xx, non-JSON and too deeply nested bodies are downstream errors. */
import { STATUS_CODES } from "node:http";
import type { UpstreamAnswer } from "./upstream-call.js";
import { downstream } from "./upstream-call.js";

/** Deeper than any Simple JSON answer needs; bounds the work of walking one. */
export const maxDepth = 64;

export function answerJson(answer: UpstreamAnswer, what: string): unknown {
  const text = Buffer.from(
    answer.body.buffer,
    answer.body.byteOffset,
    answer.body.byteLength,
  ).toString("utf8");
  if (answer.status < 200 || answer.status > 299) {
    throw downstream(
      `${what} answered ${answer.status} ${statusText(answer.status)}${snippet(text)}`,
    );
  }
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw downstream(
      `${what} answered ${answer.status} with JSON nested deeper than ${maxDepth} levels`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (thrown) {
    const type = String(answer.headers["content-type"] ?? "none");
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    throw downstream(
      `${what} answered ${answer.status} with a body that is not JSON (content-type ${type}): ${reason}${snippet(text)}`,
    );
  }
}

/** How deep arrays and objects nest, counted outside strings; stops counting past `limit`. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
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
