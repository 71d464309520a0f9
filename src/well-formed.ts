/**
 * Strings bound for a protobuf wire must be valid UTF-8: a lone UTF-16
 * surrogate becomes U+FFFD, as Go does, instead of failing the host's decode.
 */
declare global {
  interface String {
    toWellFormed(): string;
  }
}

export function wellFormed(value: unknown): string {
  return String(value ?? "").toWellFormed();
}
