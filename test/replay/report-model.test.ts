/**
 * The HTML report's data: every difference listed, each series, table or frame it falls in
 * drawn as expected against actual with exactly the differing cells marked, and the file it
 * makes: everything inlined, data that cannot end its script element.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { differences, firstDifference } from "../../src/replay/compare.js";
import { reportHtml } from "../../src/replay/html-report.js";
import { reportModel, subjectsOf } from "../../src/replay/report-model.js";
import type { Grid, GridCell, ReportModel } from "../../src/replay/report-types.js";

const subjects = (expected: unknown, actual: unknown) =>
  subjectsOf(differences(expected, actual), expected, actual);

/** Cells as `row:column` → [expected, actual] for the changed ones. */
function changedCells(grid: Grid): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const row of grid.rows) {
    if (!("row" in row)) continue;
    row.cells.forEach((cell: GridCell, column) => {
      if (cell.changed) out[`${row.row}:${column}`] = [cell.changed.expected, cell.changed.actual];
    });
  }
  return out;
}

describe("differences", () => {
  const e = { a: [1, 2, 3], b: { c: "x", d: 1n } };
  const a = { a: [1, 5, 6], b: { c: "y", d: 1 } };

  test("lists every difference in the order firstDifference finds the first", () => {
    assert.deepEqual(
      differences(e, a).map((d) => d.path),
      ["response.a[1]", "response.a[2]", "response.b.c"],
    );
    assert.deepEqual(differences(e, a)[0], firstDifference(e, a));
  });

  test("stops at the limit and skips volatile paths", () => {
    assert.equal(differences(e, a, [], ["response"], 2).length, 2);
    assert.deepEqual(
      differences(e, a, ["response.a"]).map((d) => d.path),
      ["response.b.c"],
    );
  });
});

describe("subjects of a mismatch", () => {
  const series = (last: number) => ({
    results: [
      {
        series: [
          {
            name: "cpu",
            points: [
              [1, 1000],
              [2, 2000],
              [last, 3000],
            ],
          },
        ],
      },
    ],
  });

  test("a legacy series: a chart of both lines over its times, the one cell marked", () => {
    const [subject, ...rest] = subjects(series(3), series(4));
    assert.equal(rest.length, 0);
    assert.equal(subject?.title, 'response.results[0].series[0]: series "cpu"');
    assert.deepEqual(subject?.plot, {
      time: true,
      x: [1000, 2000, 3000],
      lines: [
        { label: "cpu (expected)", values: [1, 2, 3], role: "expected" },
        { label: "cpu (actual)", values: [1, 2, 4], role: "actual" },
      ],
    });
    assert.deepEqual(subject?.grid.columns, ["time", "value"]);
    assert.deepEqual(changedCells(subject?.grid as Grid), { "2:1": ["3", "4"] });
  });

  test("a protocol-1 table: the cell of another kind marked with both kinds, no chart", () => {
    const table = (cell: unknown) => ({
      results: [{ tables: [{ columns: ["host", "n"], rows: [[{ string: "a" }, cell]] }] }],
    });
    const [subject] = subjects(table({ int64: "42" }), table({ double: 42 }));
    assert.equal(subject?.plot, undefined);
    assert.deepEqual(subject?.grid.columns, ["host", "n"]);
    assert.deepEqual(changedCells(subject?.grid as Grid), {
      "0:1": ['{"int64":"42"}', '{"double":42}'],
    });
  });

  test("a frame: only the differing numeric field drawn, over its time field", () => {
    const frame = (v: number) => ({
      responses: {
        A: {
          frames: [
            {
              name: "f",
              fields: [
                { name: "t", type: "time", values: [10, 20] },
                { name: "same", type: "float64", values: [7, 7] },
                { name: "v", type: "float64", labels: { host: "a" }, values: [1, v] },
              ],
            },
          ],
        },
      },
    });
    const [subject] = subjects(frame(2), frame(3));
    assert.equal(subject?.title, 'response.responses.A.frames[0]: frame "f"');
    assert.deepEqual(
      subject?.plot?.lines.map((l) => l.label),
      ['v {host="a"} (expected)', 'v {host="a"} (actual)'],
    );
    assert.deepEqual(subject?.plot?.x, [10, 20]);
    assert.deepEqual(changedCells(subject?.grid as Grid), { "1:2": ["2", "3"] });
    assert.equal(
      subject?.grid.rows[0] &&
        "cells" in subject.grid.rows[0] &&
        subject.grid.rows[0].cells[0]?.text,
      new Date(10).toISOString(),
    );
  });

  test("a frame on one side only differs whole", () => {
    const one = { fields: [{ name: "v", type: "int64", values: [1n, 2n] }] };
    const [subject] = subjects({ frames: [one, one] }, { frames: [one] });
    assert.match(subject?.title ?? "", /frames\[1\]: frame \(only in the expected answer\)$/);
    assert.deepEqual(changedCells(subject?.grid as Grid), {
      "0:0": ["1", "(absent)"],
      "1:0": ["2", "(absent)"],
    });
  });

  test("a long series shows the differing row with two rows either side, the rest counted", () => {
    const points = (at: number) =>
      Array.from({ length: 100 }, (_x, i) => [i === at ? -1 : i, i * 1000]);
    const [subject] = subjects(
      { series: [{ name: "s", points: points(-1) }] },
      { series: [{ name: "s", points: points(50) }] },
    );
    const rows = subject?.grid.rows.map((r) => ("skipped" in r ? `skip ${r.skipped}` : r.row));
    assert.deepEqual(rows, ["skip 48", 48, 49, 50, 51, 52, "skip 47"]);
  });
});

describe("the report file", () => {
  const model: ReportModel = reportModel(
    [
      { file: "/f/a.json", protocol: "v1", verdict: "ok", ms: 1.234 },
      {
        file: "/f/</script><script>alert(1)</script>.json",
        verdict: "invalid",
        ms: 2,
        message: "not JSON </style>",
      },
    ],
    "handler x",
    "/f",
    new Date(0),
  );

  test("summary rows and problems", () => {
    assert.deepEqual(model.rows[0], { fixture: "a.json", protocol: "v1", verdict: "ok", ms: 1.2 });
    assert.equal(model.problems.length, 1);
    assert.equal(model.problems[0]?.message, "not JSON </style>");
  });

  test("everything inlined; the data cannot close its script element and reads back whole", () => {
    const html = reportHtml(model);
    assert.doesNotMatch(html, /<script[^>]* src=|<link rel="stylesheet"/);
    assert.equal(html.match(/<\/script>/g)?.length, 2, "only the data and the script end");
    const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
    assert.deepEqual(JSON.parse(data?.[1] ?? ""), model);
    assert.match(html, /<title>grafana-shim replay against handler x<\/title>/);
  });
});
