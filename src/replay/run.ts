/**
 * Replaying fixtures, one after the other, against one target: each fixture
 * is ok, a mismatch (with its first difference), an error (the target could
 * not answer it) or invalid (not JSON, not of the schema). With `update`, a
 * mismatching fixture's expected response is replaced by the actual one.
 */
import { toShimError } from "../errors.js";
import { comparable } from "./comparable.js";
import { type Difference, differences } from "./compare.js";
import { readFixture, writeFixture } from "./fixture/fixture-file.js";
import type { Fixture, Protocol } from "./fixture/fixture-schema.js";
import { redactResponse } from "./fixture/redact.js";
import type { ReplayTarget } from "./targets/target.js";

export type Verdict = "ok" | "mismatch" | "updated" | "error" | "invalid";

export interface FixtureOutcome {
  readonly file: string;
  readonly protocol?: Protocol;
  readonly verdict: Verdict;
  readonly ms: number;
  readonly difference?: Difference;
  readonly message?: string;
  /** With `details`: every difference (up to a limit) and both answers in comparable form. */
  readonly details?: MismatchDetails;
}

export interface MismatchDetails {
  readonly differences: readonly Difference[];
  readonly expected: unknown;
  readonly actual: unknown;
}

/** More differences than a person reads in one mismatch. */
const detailedDifferences = 500;

export interface ReplayOptions {
  readonly update: boolean;
  /** Keep every difference and both answers of a mismatch (for the HTML report). */
  readonly details?: boolean;
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
    const outcome = await replayOne(file, target, o);
    outcomes.push(outcome);
    o.onOutcome?.(outcome);
  }
  return outcomes;
}

async function replayOne(
  file: string,
  target: ReplayTarget,
  o: ReplayOptions,
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
  const compared = await compareAll(fixture, actual, o.details ? detailedDifferences : 1);
  const difference = compared.differences[0];
  if (!difference) return { file, protocol, verdict: "ok", ms: ms() };
  const details = o.details ? { details: compared } : {};
  if (!o.update) return { file, protocol, verdict: "mismatch", ms: ms(), difference, ...details };
  writeFixture(file, {
    ...fixture,
    response: actual,
    updatedAt: new Date().toISOString(),
  } as Fixture);
  return { file, protocol, verdict: "updated", ms: ms(), difference, ...details };
}

export async function compareResponses(
  fixture: Fixture,
  actual: unknown,
): Promise<Difference | undefined> {
  return (await compareAll(fixture, actual, 1)).differences[0];
}

async function compareAll(
  fixture: Fixture,
  actual: unknown,
  limit: number,
): Promise<MismatchDetails> {
  const expected = await comparable(fixture.protocol, fixture.response);
  const got = await comparable(fixture.protocol, actual);
  return {
    differences: differences(expected, got, fixture.volatile, ["response"], limit),
    expected,
    actual: got,
  };
}
