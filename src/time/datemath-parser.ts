/**
 * The grammar of go-datemath (`datemath.y`) as a recursive-descent parser:
 * `now` or an absolute date (`2006`, `2006-01-02`, `2006-01-02T15:04:05.000+07:00`,
 * `15:04`, or epoch ms of 5+ digits) with `||`, then `+1h`, `-d`, `/w` adjustments.
 */
import { lexDatemath, type TimeUnit, type Token } from "./datemath-lexer.js";

/** Wall-clock fields as written; `offsetSec` undefined when the text names no zone. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly offsetSec?: number;
}

export type Anchor =
  | { readonly kind: "now" }
  | { readonly kind: "wall"; readonly time: WallTime }
  | { readonly kind: "epochMs"; readonly ms: number };

export type Adjustment =
  | { readonly kind: "add"; readonly amount: number; readonly unit: TimeUnit }
  | { readonly kind: "round"; readonly unit: TimeUnit };

export interface DatemathExpression {
  readonly anchor: Anchor;
  readonly adjustments: readonly Adjustment[];
}

class Failure extends Error {}

/** The parsed expression, or undefined where go-datemath reports an error. */
export function parseDatemath(text: string): DatemathExpression | undefined {
  try {
    return new Parser(lexDatemath(text)).expression();
  } catch (thrown) {
    if (thrown instanceof Failure) return undefined;
    throw thrown;
  }
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  expression(): DatemathExpression {
    let anchor: Anchor;
    let adjustments: Adjustment[] = [];
    if (this.accept("now")) {
      anchor = { kind: "now" };
      adjustments = this.adjustments();
    } else {
      anchor = this.absolute();
      if (this.accept("||")) adjustments = this.adjustments();
    }
    this.expect("eof");
    return { anchor, adjustments };
  }

  private adjustments(): Adjustment[] {
    const out: Adjustment[] = [];
    for (;;) {
      if (this.accept("/")) {
        out.push({ kind: "round", unit: this.unit() });
      } else if (this.peek().kind === "+" || this.peek().kind === "-") {
        const sign = this.take().kind === "-" ? -1 : 1;
        const digits = this.digitRun();
        const factor = digits.length === 0 ? 1 : toNumber(digits);
        out.push({ kind: "add", amount: sign * factor, unit: this.unit() });
      } else {
        return out;
      }
    }
  }

  private absolute(): Anchor {
    const digits = this.digitRun();
    if (digits.length === 2) return { kind: "wall", time: this.time(digits, epochDay) };
    if (digits.length >= 5) return { kind: "epochMs", ms: toNumber(digits) };
    if (digits.length !== 4) throw new Failure();
    const date = this.date(toNumber(digits));
    if (!this.accept("T")) return { kind: "wall", time: date };
    const time = this.time(this.digits(2), date);
    const offsetSec = this.timezone();
    return { kind: "wall", time: offsetSec === undefined ? time : { ...time, offsetSec } };
  }

  private date(year: number): WallTime {
    let month = 1;
    let day = 1;
    if (this.accept("-")) {
      month = check(toNumber(this.digits(2)), 12);
      if (this.accept("-")) day = check(toNumber(this.digits(2)), daysIn(year, month));
    }
    return { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 };
  }

  private time(hourDigits: readonly number[], date: WallTime): WallTime {
    const hour = check(toNumber(hourDigits), 23);
    let minute = 0;
    let second = 0;
    let millisecond = 0;
    if (this.accept(":")) {
      minute = check(toNumber(this.digits(2)), 59);
      if (this.accept(":")) {
        second = check(toNumber(this.digits(2)), 59);
        if (this.accept(".")) millisecond = this.fraction();
      }
    }
    return { ...date, hour, minute, second, millisecond };
  }

  /** One to three digits of a second, as go-datemath reads them. */
  private fraction(): number {
    const digits = this.digitRun();
    if (digits.length < 1 || digits.length > 3) throw new Failure();
    return toNumber(digits) * 10 ** (3 - digits.length);
  }

  /** Nothing, `Z`, or `±hh:mm`. */
  private timezone(): number | undefined {
    if (this.accept("Z")) return 0;
    const kind = this.peek().kind;
    if (kind !== "+" && kind !== "-") return undefined;
    this.take();
    const hours = toNumber(this.digits(2));
    this.expect(":");
    const minutes = toNumber(this.digits(2));
    return (kind === "-" ? -1 : 1) * (hours * 3600 + minutes * 60);
  }

  private unit(): TimeUnit {
    const token = this.take();
    if (token.kind !== "unit") throw new Failure();
    return token.unit;
  }

  private digits(count: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const token = this.take();
      if (token.kind !== "digit") throw new Failure();
      out.push(token.value);
    }
    return out;
  }

  private digitRun(): number[] {
    const out: number[] = [];
    for (let token = this.peek(); token.kind === "digit"; token = this.peek()) {
      out.push(token.value);
      this.at++;
    }
    return out;
  }

  private peek(): Token {
    return this.tokens[this.at] ?? { kind: "invalid" };
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind === "invalid") throw new Failure();
    this.at++;
    return token;
  }

  private accept(kind: Token["kind"]): boolean {
    if (this.peek().kind !== kind) return false;
    this.at++;
    return true;
  }

  private expect(kind: Token["kind"]): void {
    if (!this.accept(kind)) throw new Failure();
  }
}

const epochDay: WallTime = {
  year: 1970,
  month: 1,
  day: 1,
  hour: 0,
  minute: 0,
  second: 0,
  millisecond: 0,
};

function toNumber(digits: readonly number[]): number {
  const value = digits.reduce((n, d) => n * 10 + d, 0);
  // Go wraps int64 here; such inputs are no time anyone means.
  if (!Number.isSafeInteger(value)) throw new Failure();
  return value;
}

function check(value: number, max: number): number {
  if (value > max) throw new Failure();
  return value;
}

/** Days in a month; month 0 is December of the year before, as Go's time.Date reads it. */
function daysIn(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}
