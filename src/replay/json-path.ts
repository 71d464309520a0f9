/**
 * Paths into a fixture, as mismatches are reported and volatile fields declared:
 * `response.results[0].series[1].points[3][0]`, `response.body.results.A.meta`;
 * a key that is not a plain name is written `["key"]`. In volatile patterns `*`
 * (or `[*]`) stands for any one key or index.
 */
export type Segment = string | number;

const plainKey = /^[A-Za-z_$][\w$-]*$/;

export function pathText(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => {
      if (typeof s === "number") return `[${s}]`;
      if (plainKey.test(s)) return i === 0 ? s : `.${s}`;
      return `[${JSON.stringify(s)}]`;
    })
    .join("");
}

const token = /\.?([A-Za-z_$*][\w$*-]*)|\[(\d+|\*|"(?:[^"\\]|\\.)*")\]/y;

/** Segments of a path or pattern; undefined when it cannot be read. */
export function parsePath(text: string): Segment[] | undefined {
  const out: Segment[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    const match = token.exec(text);
    if (!match || match.index !== at) return undefined;
    const [, name, bracket] = match;
    if (name !== undefined) out.push(name);
    else if (bracket === "*") out.push("*");
    else if (bracket?.startsWith('"')) out.push(JSON.parse(bracket) as string);
    else out.push(Number(bracket));
  }
  return out;
}

/** Whether `path` lies at or under a field the pattern names. */
export function underPattern(path: readonly Segment[], pattern: readonly Segment[]): boolean {
  if (path.length < pattern.length) return false;
  return pattern.every((p, i) => p === "*" || p === path[i] || String(p) === String(path[i]));
}
