/**
 * Calendar arithmetic in a fixed UTC offset, the way Go's `time.Date` and
 * `AddDate` normalise (month 13 is January next year, day 0 the last of the
 * month before). Instants are epoch milliseconds; NaN means out of range.
 */
export interface Instant {
  readonly ms: number;
  /** Seconds east of UTC of the zone the instant is shown in. */
  readonly offsetSec: number;
}

export interface Fields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** Go `time.Date(...)` in a fixed zone: out-of-range fields roll over. */
export function fromFields(f: Fields, offsetSec: number): Instant {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are.
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return { ms: d.getTime() - offsetSec * 1000, offsetSec };
}

export function fieldsOf(t: Instant): Fields & { readonly weekday: number } {
  const d = new Date(t.ms + t.offsetSec * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

/** Go `t.AddDate(years, months, days)`. */
export function addDate(t: Instant, years: number, months: number, days: number): Instant {
  const f = fieldsOf(t);
  return fromFields(
    { ...f, year: f.year + years, month: f.month + months, day: f.day + days },
    t.offsetSec,
  );
}

/** Go `t.Add(d)` for whole milliseconds. */
export function addMs(t: Instant, ms: number): Instant {
  return { ms: t.ms + ms, offsetSec: t.offsetSec };
}

/** Go `t.Truncate(d)`: a multiple of `unitMs` since the zero time, whatever the zone. */
export function truncate(t: Instant, unitMs: number): Instant {
  return { ms: Math.floor(t.ms / unitMs) * unitMs, offsetSec: t.offsetSec };
}

/** Midnight starting the day of `t`, plus fields replaced. */
export function startOf(t: Instant, fields: Partial<Fields>): Instant {
  const f = fieldsOf(t);
  return fromFields(
    { ...f, hour: 0, minute: 0, second: 0, millisecond: 0, ...fields },
    t.offsetSec,
  );
}
