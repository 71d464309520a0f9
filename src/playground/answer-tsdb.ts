/** An /api/tsdb/query answer (series and tables per refId) as the playground shows it. */
import { isPlainObject } from "../json-object.js";
import {
  type AnswerView,
  answerView,
  cellText,
  finite,
  type Line,
  type QueryView,
  queryView,
  rowsGrid,
} from "./answer-view.js";

export function tsdbAnswerView(status: number, body: unknown): AnswerView {
  return answerView(status, body, resultView);
}

function resultView(refId: string, result: unknown): QueryView {
  const r = isPlainObject(result) ? result : {};
  const series = (Array.isArray(r.series) ? r.series : []).filter(isPlainObject);
  const tables = (Array.isArray(r.tables) ? r.tables : []).filter(isPlainObject);
  const lines: Line[] = series.map((s) => ({
    label: typeof s.name === "string" ? s.name : "",
    points: (Array.isArray(s.points) ? s.points : [])
      .filter(Array.isArray)
      .map((p) => [Number(p[1]), finite(p[0])] as const),
  }));
  const grids = tables.map((t, i) => {
    const columns = (Array.isArray(t.columns) ? t.columns : []).map((c) =>
      isPlainObject(c) ? String(c.text ?? "") : String(c),
    );
    const rows = (Array.isArray(t.rows) ? t.rows : [])
      .filter(Array.isArray)
      .map((row) => columns.map((_c, j) => cellText(row[j])));
    return { title: `table ${i}`, grid: rowsGrid(columns, rows) };
  });
  const frames = Array.isArray(r.dataframes) ? r.dataframes.length : 0;
  const notes = [
    ...(frames > 0 ? [`${frames} dataframes (base64 Arrow) beside them, not drawn here`] : []),
    ...(series.length + tables.length + frames === 0 && typeof r.error !== "string"
      ? ["no series and no tables"]
      : []),
  ];
  return queryView(
    refId,
    lines,
    grids,
    notes,
    typeof r.error === "string" ? { message: r.error } : undefined,
  );
}
