/**
 * The HTML replay report's script, inlined into the one file `replay --html` writes: it draws
 * the report from the JSON beside it (summary table, then each problem's differing paths, and
 * a uPlot chart of expected against actual and a grid with the differing cells marked).
 */
import type { ReportModel, ReportProblem, ReportSubject } from "../replay/report-types.js";
import { chartNote, drawPlot } from "./chart.js";
import { byId, h } from "./dom.js";
import { gridTable } from "./grid.js";

const labels: Record<string, string> = {
  ok: "ok",
  mismatch: "MISMATCH",
  updated: "updated",
  error: "ERROR",
  invalid: "INVALID",
};

const model = JSON.parse(byId("report-data").textContent ?? "{}") as ReportModel;
const root = byId("report");
const anchor = (i: number) => `problem-${i}`;

function summary(): HTMLElement {
  const counts = new Map<string, number>();
  for (const row of model.rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
  const totals = [...counts].map(([verdict, n]) => `${n} ${verdict}`).join(", ");
  const problemIndex = new Map(model.problems.map((p, i) => [p.fixture, i]));
  const body = h("tbody");
  for (const row of model.rows) {
    const at = problemIndex.get(row.fixture);
    const verdict = labels[row.verdict] ?? row.verdict;
    body.append(
      h(
        "tr",
        { class: `verdict-${row.verdict}` },
        h("td", { class: "fixture" }, row.fixture),
        h("td", {}, row.protocol),
        h(
          "td",
          { class: "verdict" },
          at === undefined ? verdict : h("a", { href: `#${anchor(at)}` }, verdict),
        ),
        h("td", { class: "number" }, row.ms.toFixed(1)),
      ),
    );
  }
  return h(
    "section",
    { class: "summary" },
    h("h2", {}, `${model.rows.length} fixtures: ${totals || "none"}`),
    h(
      "div",
      { class: "grid" },
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["fixture", "protocol", "result", "ms"].map((c) => h("th", { scope: "col" }, c)),
          ),
        ),
        body,
      ),
    ),
  );
}

function problem(p: ReportProblem, i: number): HTMLElement {
  const section = h(
    "section",
    { class: "problem", id: anchor(i), "data-fixture": p.fixture },
    h(
      "h2",
      {},
      h("span", { class: `badge verdict-${p.verdict}` }, labels[p.verdict] ?? p.verdict),
      " ",
      p.fixture,
    ),
  );
  if (p.message !== undefined) section.append(h("pre", { class: "message" }, p.message));
  if (p.paths.length > 0) {
    const list = h("ol", { class: "paths" });
    for (const d of p.paths) {
      list.append(
        h(
          "li",
          {},
          h("code", { class: "path" }, d.path),
          h(
            "div",
            { class: "side expected" },
            h("span", {}, "expected "),
            h("code", {}, d.expected),
          ),
          h("div", { class: "side actual" }, h("span", {}, "actual "), h("code", {}, d.actual)),
        ),
      );
    }
    const title = `${p.paths.length + p.morePaths} differing path${p.paths.length + p.morePaths === 1 ? "" : "s"}`;
    section.append(h("h3", {}, title), list);
    if (p.morePaths > 0) section.append(h("p", { class: "muted" }, `… and ${p.morePaths} more`));
  }
  for (const subject of p.subjects) section.append(subjectPart(subject));
  return section;
}

function subjectPart(s: ReportSubject): HTMLElement {
  const part = h("div", { class: "subject" }, h("h3", {}, s.title));
  if (s.plot) {
    const chart = h("div", { class: "chart" });
    part.append(chart);
    requestAnimationFrame(() => drawPlot(chart, s.plot as NonNullable<ReportSubject["plot"]>));
  }
  part.append(gridTable(s.grid));
  return part;
}

root.replaceChildren(
  h(
    "header",
    { class: "top" },
    h("h1", {}, "grafana-shim replay"),
    h("span", { class: "muted" }, `against ${model.target} · ${model.createdAt}`),
  ),
  summary(),
  ...(model.problems.length === 0
    ? [chartNote("empty", "Every fixture matched.")]
    : model.problems.map(problem)),
);
