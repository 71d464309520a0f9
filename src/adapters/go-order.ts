/**
 * Go compares strings by their UTF-8 bytes, which is code point order; JavaScript's `<`
 * compares UTF-16 units, which differs above U+FFFF.
 */
export function compareGo(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
