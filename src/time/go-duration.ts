/**
 * Go's `time.ParseDuration`, ported byte for byte (go/src/time/format.go), and
 * the Go SDK's `gtime.ParseDuration` on top of it, which adds d, w, M and y.
 * Durations are nanoseconds as bigint, wrapped to int64 as Go's arithmetic does.
 */
const nanos: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const limit = 1n << 63n;

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Go `time.ParseDuration`; undefined where Go returns an error. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s[0] === "-" || s[0] === "+") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  let total = 0n;
  while (s !== "") {
    const part = parsePart(s);
    if (!part) return undefined;
    total += part.value;
    if (total > limit) return undefined;
    s = part.rest;
  }
  if (negative) return BigInt.asIntN(64, -total);
  return total > limit - 1n ? undefined : total;
}

function parsePart(s: string): { value: bigint; rest: string } | undefined {
  if (!(s[0] === "." || isDigit(s[0]))) return undefined;
  let i = 0;
  let whole = 0n;
  for (; isDigit(s[i]); i++) {
    if (whole > limit / 10n) return undefined;
    whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
    if (whole > limit) return undefined;
  }
  const hasWhole = i > 0;
  let fraction = 0n;
  let scale = 1;
  let hasFraction = false;
  if (s[i] === ".") {
    i++;
    const start = i;
    let overflow = false;
    for (; isDigit(s[i]); i++) {
      if (overflow) continue;
      const next = fraction * 10n + BigInt(s.charCodeAt(i) - 48);
      // Go stops adding precision once the fraction would pass int64.
      if (fraction > (limit - 1n) / 10n || next > limit) {
        overflow = true;
        continue;
      }
      fraction = next;
      scale *= 10;
    }
    hasFraction = i > start;
  }
  if (!hasWhole && !hasFraction) return undefined;
  let end = i;
  while (end < s.length && !(s[end] === "." || isDigit(s[end]))) end++;
  if (end === i) return undefined;
  const unit = nanos[s.slice(i, end)];
  if (unit === undefined || whole > limit / unit) return undefined;
  let value = whole * unit;
  if (fraction > 0n) {
    // float64 as in Go: exact to the nanosecond for fractions of an hour.
    value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
    if (value > limit) return undefined;
  }
  return { value, rest: s.slice(end) };
}

const day = 86_400_000_000_000n;
const year = BigInt(Math.trunc(Number(day) * 365.25));
const calendarUnits: Readonly<Record<string, bigint>> = {
  d: day,
  w: 7n * day,
  M: BigInt(Math.trunc(Number(year) / 12)),
  y: year,
};

const maxInt = (1n << 63n) - 1n;

/** grafana-plugin-sdk-go `gtime.ParseDuration`: Go durations plus `<digits>d|w|M|y`. */
export function parseGrafanaDuration(text: string): bigint | undefined {
  if (text === "") return undefined;
  const unit = calendarUnits[text.at(-1) ?? ""];
  if (unit === undefined) return parseGoDuration(text);
  const digits = text.slice(0, -1);
  // strconv.Atoi: at least one digit and within int64; anything else fails.
  if (!/^[0-9]+$/.test(digits)) return undefined;
  const count = BigInt(digits);
  if (count > maxInt) return undefined;
  return BigInt.asIntN(64, count * unit);
}
