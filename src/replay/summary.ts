/** The replay report: a table of every fixture, totals, then each mismatch's first difference. */
import { relative } from "node:path";
import { shown } from "./compare.js";
import type { FixtureOutcome, Verdict } from "./run.js";

const labels: Record<Verdict, string> = {
  ok: "ok",
  mismatch: "MISMATCH",
  updated: "updated",
  error: "ERROR",
  invalid: "INVALID",
};

export function summaryText(
  outcomes: readonly FixtureOutcome[],
  target: string,
  cwd: string,
): string {
  const rows = outcomes.map((o) => [
    relative(cwd, o.file) || o.file,
    o.protocol ?? "-",
    labels[o.verdict],
    o.ms.toFixed(1),
  ]);
  const header = ["fixture", "protocol", "result", "ms"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ");
  const counts = (Object.keys(labels) as Verdict[])
    .map((v) => [v, outcomes.filter((o) => o.verdict === v).length] as const)
    .filter(([v, n]) => n > 0 || v === "ok")
    .map(([v, n]) => `${n} ${v}`);
  const details = outcomes.filter((o) => o.verdict !== "ok").map((o) => detail(o, cwd));
  return [
    `replay against ${target}`,
    line(header),
    ...rows.map(line),
    "",
    `${outcomes.length} fixtures: ${counts.join(", ")}`,
    ...details,
    "",
  ].join("\n");
}

function detail(o: FixtureOutcome, cwd: string): string {
  const head = `\n${labels[o.verdict]} ${relative(cwd, o.file) || o.file}`;
  if (o.difference) {
    const d = o.difference;
    return `${head}\n  first difference at ${d.path}\n    expected: ${shown(d.expected)}\n    actual:   ${shown(d.actual)}`;
  }
  return `${head}\n  ${o.message ?? ""}`;
}
