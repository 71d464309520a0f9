/** Field-level parts that legacy series or tables cannot hold, as warning texts. */
import type { Field } from "../model/frame.js";
import { labelsText } from "./series-name.js";

/** How warnings name a field: its path and name. */
export function fieldAt(at: string, index: number, field: Pick<Field, "name">): string {
  return `${at}.fields[${index}] ${JSON.stringify(field.name)}`;
}

/** Config keys other than `used` (the one that named the series), if any. */
export function configLoss(field: Field, used?: string): string | undefined {
  const keys = Object.keys(field.config ?? {}).filter((key) => key !== used);
  return keys.length === 0 ? undefined : `config ${keys.join(", ")} not kept`;
}

export function labelsLoss(field: Field, why: string): string | undefined {
  const labels = field.labels;
  if (labels === undefined || Object.keys(labels).length === 0) return undefined;
  return `labels {${labelsText(labels)}} not kept (${why})`;
}

/** The rows whose time has a sub-millisecond part (in `nanos` or a fractional ms value). */
export function subMillisecondRows(field: Field): number {
  let count = 0;
  for (let r = 0; r < field.values.length; r++) {
    const ms = field.values[r];
    const nanos = field.nanos?.[r] ?? 0;
    if (ms !== null && ms !== undefined && (nanos !== 0 || !Number.isInteger(ms))) count++;
  }
  return count;
}

export function nanosLoss(field: Field): string | undefined {
  const count = field.type === "time" ? subMillisecondRows(field) : 0;
  return count === 0 ? undefined : `sub-millisecond parts of ${count} times dropped`;
}

/** Collects `at: text` lines, skipping undefined texts. */
export function collect(into: string[], at: string, ...texts: (string | undefined)[]): void {
  for (const text of texts) if (text !== undefined) into.push(`${at}: ${text}`);
}
