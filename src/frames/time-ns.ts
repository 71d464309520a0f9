/**
 * Exact conversion between epoch milliseconds + sub-millisecond nanoseconds and int64
 * nanoseconds held as two 32-bit words, without BigInt (every step stays below 2^53).
 */

const TWO_32 = 4294967296;
const NS_PER_MS = 1e6;

/** Whether `nanos` is a valid sub-millisecond remainder (integer 0..999999). */
export function isNanos(nanos: number): boolean {
  return Number.isInteger(nanos) && nanos >= 0 && nanos < NS_PER_MS;
}

/**
 * Writes ms*1e6 + nanos as int64 words lo/hi at `i` (little-endian pairs).
 * `ms` must be a safe integer and `nanos` valid; returns false when the sum does not fit int64.
 */
export function writeNs(words: Int32Array, i: number, ms: number, nanos: number): boolean {
  const msHi = Math.floor(ms / TWO_32);
  const msLo = ms - msHi * TWO_32;
  const low = msLo * NS_PER_MS + nanos;
  const carry = Math.floor(low / TWO_32);
  const hi = msHi * NS_PER_MS + carry;
  if (hi < -2147483648 || hi > 2147483647) return false;
  words[2 * i] = (low - carry * TWO_32) | 0;
  words[2 * i + 1] = hi;
  return true;
}

/** Whether ms*1e6 + nanos fits int64 (ms a safe integer, nanos 0..999999). */
export function fitsInt64Ns(ms: number, nanos: number): boolean {
  // int64 spans -9223372036854775808 .. 9223372036854775807 ns.
  return ms > -9223372036855 || (ms === -9223372036855 && nanos >= 224192)
    ? ms < 9223372036854 || (ms === 9223372036854 && nanos <= 775807)
    : false;
}

/** Reads the int64 nanoseconds at `i` into `ms[at]` (floor) and `nanos[at]` (0..999999). */
export function readNs(
  words: Int32Array,
  i: number,
  ms: Float64Array,
  nanos: Int32Array,
  at: number,
): void {
  const lo = words[2 * i]! >>> 0;
  const hi = words[2 * i + 1]!;
  // 2^32 = 4294 * 1e6 + 967296: split so every intermediate stays exact.
  const rest = hi * 967296 + lo;
  let q = Math.floor(rest / NS_PER_MS);
  let r = rest - q * NS_PER_MS;
  if (r < 0) {
    q -= 1;
    r += NS_PER_MS;
  } else if (r >= NS_PER_MS) {
    q += 1;
    r -= NS_PER_MS;
  }
  ms[at] = hi * 4294 + q;
  nanos[at] = r;
}

/** Splits a possibly fractional epoch-ms value plus nanos into integer ms and 0..999999 ns. */
export function normalizeTime(value: number, nanos: number): [ms: number, nanos: number] {
  const ms = Math.floor(value);
  let ns = Math.round((value - ms) * NS_PER_MS) + nanos;
  let whole = ms;
  if (ns >= NS_PER_MS) {
    whole += Math.floor(ns / NS_PER_MS);
    ns %= NS_PER_MS;
  }
  return [whole, ns];
}
