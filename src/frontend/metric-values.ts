/**
 * Answers of `/search`, `/tag-keys` and `/tag-values` as Grafana's MetricFindValue list, read
 * as the old frontend read them: `{text, value}` objects keep both, plain values are their own
 * text and value. Anything but an array is an error that names the route.
 */
import type { MetricFindValue } from "@grafana/data";

export function metricFindValues(route: string, answer: unknown): MetricFindValue[] {
  if (!Array.isArray(answer)) {
    throw new Error(
      `Simple JSON server ${route} answered ${describe(answer)}: expected an array of values or {text, value} objects`,
    );
  }
  return answer.map(findValueOf);
}

function findValueOf(item: unknown): MetricFindValue {
  if (typeof item === "string" || typeof item === "number")
    return { text: String(item), value: item };
  if (typeof item !== "object" || item === null) return { text: String(item) };
  const record = item as Record<string, unknown>;
  // simPod's /variable answers {__text, __value}; classic servers {text, value}.
  const text = record.text ?? record.__text;
  const value = record.value ?? record.__value;
  if (text === undefined) return { text: JSON.stringify(item) };
  return isValue(value)
    ? { text: String(text), value }
    : { text: String(text), value: String(text) };
}

function isValue(value: unknown): value is string | number {
  return typeof value === "string" || typeof value === "number";
}

function describe(answer: unknown): string {
  const text = JSON.stringify(answer) ?? String(answer);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
