/**
 * Replaying fixtures, one after the other, against one target: each fixture
 * is ok, a mismatch (with its first difference), an error (the target could
 * not answer it) or invalid (not JSON, not of the schema). With `update`, a
 * mismatching fixture's expected response is replaced by the actual one.
 */
import { toShimError } from "../errors.js";
import { comparable } from "./comparable.js";
import { type Difference, firstDifference } from "./compare.js";
import { readFixture, writeFixture } from "./fixture-file.js";
import type { Fixture, Protocol } from "./fixture-schema.js";
import { redactResponse } from "./redact.js";
import type { ReplayTarget } from "./targets/target.js";

export type Verdict = "ok" | "mismatch" | "updated" | "error" | "invalid";

export interface FixtureOutcome {
  readonly file: string;
  readonly protocol?: Protocol;
  readonly verdict: Verdict;
  readonly ms: number;
  readonly difference?: Difference;
  readonly message?: string;
}

export interface ReplayOptions {
  readonly update: boolean;
  /** Called after each fixture, e.g. to print progress. */
  readonly onOutcome?: (outcome: FixtureOutcome) => void;
}

export async function replayFixtures(
  files: readonly string[],
  target: ReplayTarget,
  o: ReplayOptions,
): Promise<FixtureOutcome[]> {
  const outcomes: FixtureOutcome[] = [];
  for (const file of files) {
    const outcome = await replayOne(file, target, o.update);
    outcomes.push(outcome);
    o.onOutcome?.(outcome);
  }
  return outcomes;
}

async function replayOne(
  file: string,
  target: ReplayTarget,
  update: boolean,
): Promise<FixtureOutcome> {
  const started = performance.now();
  const read = readFixture(file);
  const ms = () => performance.now() - started;
  if (!read.ok) return { file, verdict: "invalid", ms: ms(), message: read.error };
  const { fixture } = read;
  const protocol = fixture.protocol;
  let actual: unknown;
  try {
    // Redacted as the recording was: a gateway's own secrets may show in its answers.
    actual = redactResponse(await target.exchange(fixture));
  } catch (thrown) {
    return { file, protocol, verdict: "error", ms: ms(), message: toShimError(thrown).message };
  }
  const difference = await compareResponses(fixture, actual);
  if (!difference) return { file, protocol, verdict: "ok", ms: ms() };
  if (!update) return { file, protocol, verdict: "mismatch", ms: ms(), difference };
  writeFixture(file, {
    ...fixture,
    response: actual,
    updatedAt: new Date().toISOString(),
  } as Fixture);
  return { file, protocol, verdict: "updated", ms: ms(), difference };
}

export async function compareResponses(
  fixture: Fixture,
  actual: unknown,
): Promise<Difference | undefined> {
  const expected = await comparable(fixture.protocol, fixture.response);
  return firstDifference(expected, await comparable(fixture.protocol, actual), fixture.volatile);
}
