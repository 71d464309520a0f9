/** A Grid as an HTML table, scrolling sideways on a narrow screen; changed cells marked. */
import type { Grid } from "../replay/report-types.js";
import { h } from "./dom.js";

export function gridTable(grid: Grid, caption?: string): HTMLElement {
  const head = h("tr", {}, h("th", { scope: "col", class: "row-number" }, "#"));
  for (const column of grid.columns) head.append(h("th", { scope: "col" }, column));
  const body = h("tbody");
  for (const row of grid.rows) {
    if ("skipped" in row) {
      const text = `⋯ ${row.skipped} row${row.skipped === 1 ? "" : "s"} not shown`;
      body.append(
        h("tr", { class: "skipped" }, h("td", { colspan: String(grid.columns.length + 1) }, text)),
      );
      continue;
    }
    const tr = h("tr", {}, h("th", { scope: "row", class: "row-number" }, String(row.row)));
    for (const cell of row.cells) {
      if (!cell.changed) {
        tr.append(h("td", {}, cell.text));
        continue;
      }
      const { expected, actual } = cell.changed;
      tr.append(
        h(
          "td",
          { class: "changed", title: `expected ${expected}, actual ${actual}` },
          h("del", {}, expected),
          h("ins", {}, actual),
        ),
      );
    }
    body.append(tr);
  }
  return h(
    "div",
    { class: "grid" },
    h("table", {}, caption ? h("caption", {}, caption) : null, h("thead", {}, head), body),
  );
}
