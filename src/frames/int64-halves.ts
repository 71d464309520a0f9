/** A 64-bit cell as two 32-bit halves: where each lies in a Uint32Array view, and their scale. */

export const TWO32 = 4294967296;
/** The high half's sign bit. */
export const SIGN = 2147483648;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Index of the low half in the two of a cell (the machine's byte order). */
export const LOW = LITTLE_ENDIAN ? 0 : 1;
export const HIGH = 1 - LOW;
