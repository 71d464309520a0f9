/**
 * The token rules of github.com/jszwedko/go-datemath (`datemath.l`), the
 * datemath library grafana-plugin-sdk-go's gtime uses: one token per digit,
 * longest match, and a NUL byte reads as the end of input as it does there.
 */
export type TimeUnit = "y" | "fy" | "Q" | "fQ" | "M" | "w" | "d" | "b" | "h" | "m" | "s";

export type Token =
  | { readonly kind: "digit"; readonly value: number }
  | { readonly kind: "unit"; readonly unit: TimeUnit }
  | { readonly kind: "now" | "+" | "-" | ":" | "||" | "/" | "." | "T" | "Z" | "eof" | "invalid" };

const single: Readonly<Record<string, Token>> = {
  "+": { kind: "+" },
  "-": { kind: "-" },
  ":": { kind: ":" },
  "/": { kind: "/" },
  ".": { kind: "." },
  T: { kind: "T" },
  Z: { kind: "Z" },
};

const units: Readonly<Record<string, TimeUnit>> = {
  y: "y",
  Q: "Q",
  M: "M",
  w: "w",
  b: "b",
  d: "d",
  h: "h",
  H: "h",
  m: "m",
  s: "s",
};

/** All tokens up to and including `eof`; an `invalid` token ends the list early. */
export function lexDatemath(input: string): Token[] {
  const text = input.split("\u0000")[0] ?? "";
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const token = next(text, i);
    tokens.push(token.token);
    if (token.token.kind === "invalid") return tokens;
    i += token.length;
  }
  tokens.push({ kind: "eof" });
  return tokens;
}

function next(text: string, i: number): { token: Token; length: number } {
  const c = text[i] ?? "";
  if (c >= "0" && c <= "9") return { token: { kind: "digit", value: Number(c) }, length: 1 };
  if (text.startsWith("now", i)) return { token: { kind: "now" }, length: 3 };
  if (text.startsWith("||", i)) return { token: { kind: "||" }, length: 2 };
  if (text.startsWith("fy", i)) return { token: { kind: "unit", unit: "fy" }, length: 2 };
  if (text.startsWith("fQ", i)) return { token: { kind: "unit", unit: "fQ" }, length: 2 };
  const unit = units[c];
  if (unit) return { token: { kind: "unit", unit }, length: 1 };
  const token = single[c];
  if (token) return { token, length: 1 };
  return { token: { kind: "invalid" }, length: 1 };
}
