/** The fields every series layout builds: a time field and one float64 value field per series. */
import type { Field } from "../model/frame.js";
import type { Point, Series } from "../model/legacy.js";
import { nameConfigFor } from "./series-name.js";

/** The name every series layout gives its time field. */
const timeName = "time";

export function timeField(times: ArrayLike<number>, nullable: boolean): Field<"time"> {
  return { name: timeName, type: "time", nullable, values: times };
}

export function timesOf(points: readonly Point[]): number[] {
  return points.map((point) => point[1]);
}

export function valuesOf(points: readonly Point[]): (number | null)[] {
  return points.map((point) => point[0]);
}

/**
 * A nullable float64 field with the series' tags as labels, and config.displayNameFromDS when
 * Grafana would otherwise name the series differently (e.g. `cpu {host=a}` for `cpu`, or the
 * frontend's `time 2` for a series named like the time field).
 */
export function valueField(
  series: Pick<Series, "name" | "tags">,
  fieldName: string,
  values: ArrayLike<number | null>,
): Field<"float64"> {
  const labels = series.tags === undefined ? undefined : { ...series.tags };
  // Grafana's frontend shows a field named like another of its frame as "time 2".
  const config =
    fieldName === timeName
      ? { displayNameFromDS: series.name }
      : nameConfigFor(fieldName, labels, series.name);
  return {
    name: fieldName,
    type: "float64",
    nullable: true,
    ...(labels !== undefined && { labels }),
    ...(config !== undefined && { config }),
    values,
  };
}

/** Index of the first point earlier than the one before it, or -1 when times never decrease. */
export function firstUnsorted(points: readonly Point[]): number {
  for (let i = 1; i < points.length; i++) {
    if (points[i]![1] < points[i - 1]![1]) return i;
  }
  return -1;
}
