/** Splits a child's output stream into lines; a runaway line is cut into 64 KiB pieces. */
import type { Readable } from "node:stream";

const longestLine = 64 * 1024;

export function onLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    let end = pending.indexOf("\n");
    while (end >= 0) {
      onLine(pending.slice(0, end).replace(/\r$/, ""));
      pending = pending.slice(end + 1);
      end = pending.indexOf("\n");
    }
    while (pending.length > longestLine) {
      onLine(pending.slice(0, longestLine));
      pending = pending.slice(longestLine);
    }
  });
  stream.on("end", () => {
    if (pending !== "") onLine(pending);
    pending = "";
  });
}

/** The last few lines seen, for error messages. */
export class LineTail {
  readonly #lines: string[] = [];

  constructor(private readonly keep = 12) {}

  push(line: string): void {
    if (line.trim() === "") return;
    this.#lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.#lines.length > this.keep) this.#lines.shift();
  }

  text(): string {
    return this.#lines.join("\n");
  }
}
