/** Doubles in fixtures: JSON numbers, or "NaN", "+Inf", "-Inf" for what JSON cannot hold. */
import type { specialNumbers } from "../fixture-schema.js";

export type DoubleForm = number | bigint | (typeof specialNumbers)[number];

export function doubleToForm(value: number): DoubleForm {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return value;
}

export function doubleFromForm(form: DoubleForm): number {
  if (form === "NaN") return Number.NaN;
  if (form === "+Inf") return Number.POSITIVE_INFINITY;
  if (form === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(form);
}
