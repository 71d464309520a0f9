/** Doubles in fixtures: JSON numbers, or "NaN", "+Inf", "-Inf" for what JSON cannot hold. */
import type { specialNumbers } from "../fixture-schema.js";

export type DoubleForm = number | bigint | (typeof specialNumbers)[number];

export function doubleToForm(value: number): DoubleForm {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return value;
}
