/**
 * What the HTML replay report and the gateway's playground draw: plain JSON data, built in
 * Node (the report) or in the page (the playground), rendered by src/playground/.
 */

/** One line of a chart. */
export interface PlotLine {
  readonly label: string;
  /** One value per x; null where the line has no point. */
  readonly values: readonly (number | null)[];
  /** How a report tells the recorded line from the replayed one. */
  readonly role?: "expected" | "actual";
}

/** A chart: x ascending, every line as long as x. */
export interface Plot {
  /** x as epoch milliseconds (a time axis) or as row numbers. */
  readonly time: boolean;
  readonly x: readonly number[];
  readonly lines: readonly PlotLine[];
}

/** A cell as text; a changed one holds both sides. */
export interface GridCell {
  readonly text: string;
  readonly changed?: { readonly expected: string; readonly actual: string };
}

export type GridRow =
  | { readonly row: number; readonly cells: readonly GridCell[] }
  /** Rows left out (the same on both sides, or past what is shown). */
  | { readonly skipped: number };

/** A table: a header and rows, some perhaps skipped. */
export interface Grid {
  readonly columns: readonly string[];
  readonly rows: readonly GridRow[];
}

export type ReportVerdict = "ok" | "mismatch" | "updated" | "error" | "invalid";

/** One row of the summary table. */
export interface ReportRow {
  readonly fixture: string;
  readonly protocol: string;
  readonly verdict: ReportVerdict;
  readonly ms: number;
}

/** One differing path with both values as the text report shows them. */
export interface ReportPath {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

/** A series, table or frame that differs: where, a chart when it has numbers, its cells. */
export interface ReportSubject {
  readonly title: string;
  readonly plot?: Plot;
  readonly grid: Grid;
}

/** A fixture that is not ok: its message, or its differing paths and subjects. */
export interface ReportProblem {
  readonly fixture: string;
  readonly verdict: ReportVerdict;
  readonly message?: string;
  readonly paths: readonly ReportPath[];
  /** Differences found beyond the listed paths. */
  readonly morePaths: number;
  readonly subjects: readonly ReportSubject[];
}

export interface ReportModel {
  readonly target: string;
  readonly createdAt: string;
  readonly rows: readonly ReportRow[];
  readonly problems: readonly ReportProblem[];
}
