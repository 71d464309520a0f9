/**
 * Which query each result of one `/query` call belongs to when the call carried several
 * targets (requestCompat "backend-1.0"). The answer is a plain list, so in this order: a
 * result's own `refId` naming a target; with as many results as targets, the result's place;
 * otherwise a series named exactly like a target starts that target's results, and any other
 * result stays with the target of the result before it (the first target at the start).
 */
import { isPlainObject } from "../../json-object.js";

export interface SentTarget {
  readonly refId: string;
  /** The model's `target`, whatever it was. */
  readonly target: unknown;
}

export interface Placement {
  /** Per target, the places of its results in the answer, in order. */
  readonly byTarget: readonly (readonly number[])[];
  /** Targets that got a result placed by order alone (no refId, no matching name). */
  readonly guessed: ReadonlySet<number>;
}

export function placeResults(
  targets: readonly SentTarget[],
  results: readonly unknown[],
): Placement {
  const byTarget = targets.map((): number[] => []);
  const guessed = new Set<number>();
  const oneToOne = results.length === targets.length;
  let current = 0;
  results.forEach((result, i) => {
    let at = byRefId(targets, result);
    if (at < 0 && oneToOne) at = i;
    if (at < 0) at = byName(targets, result, current);
    if (at < 0) {
      at = current;
      guessed.add(at);
    }
    current = at;
    byTarget[at]?.push(i);
  });
  return { byTarget, guessed };
}

function byRefId(targets: readonly SentTarget[], result: unknown): number {
  if (!isPlainObject(result) || typeof result.refId !== "string" || result.refId === "") return -1;
  return targets.findIndex((t) => t.refId === result.refId);
}

/** The first target at or after `from` with the result's name, else the first before it. */
function byName(targets: readonly SentTarget[], result: unknown, from: number): number {
  if (!isPlainObject(result) || result.datapoints === undefined) return -1;
  const name = result.target;
  if (typeof name !== "string" || name === "") return -1;
  const after = targets.findIndex((t, j) => j >= from && t.target === name);
  return after >= 0 ? after : targets.findIndex((t) => t.target === name);
}
