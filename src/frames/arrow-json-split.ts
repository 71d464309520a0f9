/**
 * The byte scan behind whole-column JSON cells: copies JSON text up to the next top-level
 * comma, tracking nesting and strings (UTF-8 never puts ASCII bytes inside a character).
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
// Integers a double cannot hold exactly have at least 16 digits.
const LONG_NUMBER = 16;

/** Scanner state carried from one call to the next. */
export interface JsonScan {
  depth: number;
  inString: boolean;
  /** Where the next copied byte goes. */
  written: number;
  /** Digits in a row outside strings, and whether 16 or more were ever seen together. */
  digits: number;
  longNumber: boolean;
}

export function newScan(): JsonScan {
  return { depth: 0, inString: false, written: 0, digits: 0, longNumber: false };
}

/**
 * Copies bytes[from..to) to out at scan.written until a top-level comma (not copied);
 * returns that comma's index, `to`, or -1 when a bracket closes below the top level.
 */
export function copyValue(
  bytes: Uint8Array,
  from: number,
  to: number,
  out: Uint8Array,
  scan: JsonScan,
): number {
  let { depth, inString, written: w, digits } = scan;
  let r = from;
  for (; r < to; r++) {
    const b = bytes[r]!;
    if (inString) {
      // An escape takes the next byte whatever it is (\" and \\ included).
      if (b === BACKSLASH && r + 1 < to) out[w++] = bytes[r++]!;
      else if (b === QUOTE) inString = false;
    } else if (b >= DIGIT_0 && b <= DIGIT_9) {
      digits += 1;
      if (digits === LONG_NUMBER) scan.longNumber = true;
    } else {
      digits = 0;
      if (b === QUOTE) inString = true;
      else if (b === OPEN_ARRAY || b === OPEN_OBJECT) depth += 1;
      else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
        if (depth === 0) return -1;
        depth -= 1;
      } else if (b === COMMA && depth === 0) break;
    }
    out[w++] = bytes[r]!;
  }
  scan.depth = depth;
  scan.inString = inString;
  scan.written = w;
  scan.digits = digits;
  return r;
}

/** Whether the scan stands between two top-level values. */
export function atTopLevel(scan: JsonScan): boolean {
  return scan.depth === 0 && !scan.inString;
}
