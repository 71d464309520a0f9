/**
 * Series names as Grafana's FrameToSeriesSlice gives them (grafana/grafana
 * pkg/services/alerting/conditions/query.go): config.displayName, then
 * config.displayNameFromDS, then `name {k=v, …}` when the field has labels, else the name.
 */
import type { Field, FieldConfig, Labels } from "../model/frame.js";
import { compareGo } from "./go-order.js";

type Named = Pick<Field, "name" | "labels" | "config">;

/** Labels as grafana-plugin-sdk-go `data.Labels.String()` writes them: sorted keys, `k=v, k=v`. */
export function labelsText(labels: Labels): string {
  return Object.keys(labels)
    .sort(compareGo)
    .map((key) => `${key}=${labels[key]}`)
    .join(", ");
}

/**
 * The config key that names the series, if any. Go cannot tell an empty displayNameFromDS
 * from none; a present one counts here, so a series named "" with tags keeps its name.
 */
export function nameKeyOf(field: Named): "displayName" | "displayNameFromDS" | undefined {
  const config = field.config;
  if (typeof config?.displayName === "string" && config.displayName !== "") return "displayName";
  if (typeof config?.displayNameFromDS === "string") return "displayNameFromDS";
  return undefined;
}

/** The legacy series name of a value field. */
export function seriesNameOf(field: Named): string {
  const key = nameKeyOf(field);
  if (key !== undefined) return field.config?.[key] as string;
  const labels = field.labels;
  if (labels !== undefined && Object.keys(labels).length > 0) {
    return `${field.name} {${labelsText(labels)}}`;
  }
  return field.name;
}

/** The field config that makes seriesNameOf give `seriesName`, or undefined when none is needed. */
export function nameConfigFor(
  fieldName: string,
  labels: Labels | undefined,
  seriesName: string,
): FieldConfig | undefined {
  const plain = seriesNameOf(
    labels === undefined ? { name: fieldName } : { name: fieldName, labels },
  );
  return plain === seriesName ? undefined : { displayNameFromDS: seriesName };
}
