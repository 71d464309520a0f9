/**
 * Repeated cells of an ASCII text column cut once: a small direct-mapped cache of the strings
 * already cut, so that "ok", "ok", "ok"… share one string (fewer young objects for the garbage
 * collector to copy). It stops looking once cells rarely repeat.
 */
const SLOTS = 1024;
const MASK = SLOTS - 1;
// Misses beyond hits that mean "mostly distinct cells": slicing alone is cheaper then.
const GIVE_UP = 256;

export class TextCache {
  private readonly starts = new Int32Array(SLOTS);
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly strings: string[] = new Array(SLOTS).fill("");
  private balance = 0; // misses minus hits

  /** `whole` is the text of bytes[first..] (ASCII, so one character a byte). */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly whole: string,
    private readonly first: number,
  ) {}

  /** The text of bytes[from..to), shared with an equal earlier cell when the cache holds one. */
  cut(from: number, to: number): string {
    const length = to - from;
    if (length === 0 || this.balance > GIVE_UP) return this.slice(from, to);
    const bytes = this.bytes;
    const slot =
      ((length << 5) ^ (bytes[from]! << 3) ^ (bytes[from + (length >> 1)]! << 7) ^ bytes[to - 1]!) &
      MASK;
    if (this.lengths[slot] === length && sameBytes(bytes, this.starts[slot]!, from, length)) {
      this.balance -= 1;
      return this.strings[slot]!;
    }
    this.balance += 1;
    const text = this.slice(from, to);
    this.starts[slot] = from;
    this.lengths[slot] = length;
    this.strings[slot] = text;
    return text;
  }

  private slice(from: number, to: number): string {
    return this.whole.slice(from - this.first, to - this.first);
  }
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}
