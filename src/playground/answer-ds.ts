/** An /api/ds/query answer (frames JSON per refId) as the playground shows it. */
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
  type TitledGrid,
} from "./answer-view.js";

interface FieldSchema {
  readonly name?: string;
  readonly type?: string;
  readonly labels?: Record<string, string>;
  readonly config?: { readonly displayName?: string; readonly displayNameFromDS?: string };
}

interface Column {
  readonly title: string;
  readonly type: string;
  readonly values: readonly unknown[];
}

export function dsAnswerView(status: number, body: unknown): AnswerView {
  return answerView(status, body, resultView);
}

function resultView(refId: string, result: unknown): QueryView {
  const r = isPlainObject(result) ? result : {};
  const frames = Array.isArray(r.frames) ? r.frames : [];
  const lines: Line[] = [];
  const grids: TitledGrid[] = [];
  frames.forEach((frame, i) => {
    const name = frameName(frame) || `frame ${i}`;
    const columns = columnsOf(frame);
    const time = columns.find((c) => c.type === "time");
    const numbers = columns.filter((c) => c.type === "number");
    if (time && numbers.length > 0) {
      for (const c of numbers)
        lines.push({
          label: c.title,
          points: time.values.map((t, row) => [Number(t), finite(c.values[row])] as const),
        });
    }
    // A frame that is more than times and numbers is also shown as the table it is.
    if (!time || numbers.length + 1 < columns.length) {
      const rowCount = Math.max(0, ...columns.map((c) => c.values.length));
      const rows = Array.from({ length: rowCount }, (_x, row) =>
        columns.map((c) => cellText(c.values[row], c.type === "time")),
      );
      grids.push({
        title: name,
        grid: rowsGrid(
          columns.map((c) => c.title),
          rows,
        ),
      });
    }
  });
  const notes = frames.length === 0 && typeof r.error !== "string" ? ["no frames"] : [];
  const error =
    typeof r.error === "string"
      ? { message: r.error, detail: detailOf(r.status, r.errorSource) }
      : undefined;
  return queryView(refId, lines, grids, notes, error);
}

function detailOf(status: unknown, source: unknown): string {
  return [
    typeof status === "number" ? `status ${status}` : "",
    typeof source === "string" ? `errorSource ${source}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

function frameName(frame: unknown): string {
  const schema = isPlainObject(frame) && isPlainObject(frame.schema) ? frame.schema : {};
  return typeof schema.name === "string" ? schema.name : "";
}

/** The frame's fields with their values, NaN and ±Inf put back from `entities`. */
function columnsOf(frame: unknown): Column[] {
  if (!isPlainObject(frame)) return [];
  const schema = isPlainObject(frame.schema) ? frame.schema : {};
  const data = isPlainObject(frame.data) ? frame.data : {};
  const fields = (Array.isArray(schema.fields) ? schema.fields : []) as FieldSchema[];
  const values = Array.isArray(data.values) ? (data.values as unknown[][]) : [];
  const entities = Array.isArray(data.entities) ? data.entities : [];
  return fields.map((field, i) => {
    const column = [...(values[i] ?? [])];
    const special = entities[i];
    if (isPlainObject(special)) {
      for (const [key, value] of [
        ["NaN", Number.NaN],
        ["Inf", Number.POSITIVE_INFINITY],
        ["NegInf", Number.NEGATIVE_INFINITY],
      ] as const) {
        const rows = special[key];
        if (Array.isArray(rows)) for (const row of rows) column[row as number] = value;
      }
    }
    return { title: displayName(field), type: field.type ?? "other", values: column };
  });
}

/** As Grafana names a field: its display name, the datasource's, or name and labels. */
function displayName(field: FieldSchema): string {
  const given = field.config?.displayName ?? field.config?.displayNameFromDS;
  if (given) return given;
  const labels = Object.entries(field.labels ?? {}).map(([k, v]) => `${k}="${v}"`);
  const name = field.name ?? "";
  return labels.length > 0 ? `${name} {${labels.join(", ")}}` : name;
}
