/**
 * The answer budget on both gRPC protocols, through the real Go hosts: with
 * GRAFANA_SHIM_ANSWER_BUDGET_MIB=1 and the built-in demo asked for 10 000 points a series,
 * the first queries are answered and the ones past the budget fail each with the budget's
 * error (protocol 2: status 413, errorSource plugin); the message stays within the budget.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanEnv } from "../clean-env.js";
import { type Json, runHost, shim, v1Request, v2Request } from "../simplejson/hosts.js";

const toMs = 1_700_000_000_000;
const fromMs = toMs - 7 * 86_400_000;
/** About 0.3 MiB each on protocol 2 (two Arrow frames) and 0.5 MiB each on protocol 1. */
const queries = Array.from({ length: 6 }, (_, i) => ({ refId: `Q${i}`, series: 2 }));
const env = cleanEnv({ GRAFANA_SHIM_HANDLER: "demo", GRAFANA_SHIM_ANSWER_BUDGET_MIB: "1" });
const budgetError =
  /^the answer is too large: the answers of one request may take 1\.0 MiB in all \(GRAFANA_SHIM_ANSWER_BUDGET_MIB\)/;

/** Ten thousand points a series: the demo's cap over these seven days at one point a second. */
const limits = { maxDataPoints: "100000", intervalMs: "1000" };

test("protocol 2: queries past the budget fail with its error, the others are answered", async () => {
  const request = v2Request("", "demo", fromMs, toMs, queries, {}, limits);
  const report = await runHost("host-v2", shim, [request], ["-versions", "2"], env);
  const responses = Object.values(report.results[0].response) as Json[];
  const answered = responses.filter((r) => r.error === "");
  const failed = responses.filter((r) => r.error !== "");
  assert.ok(answered.length >= 1 && failed.length >= 1, `${answered.length} answered`);
  for (const r of answered) assert.equal(r.frameCount, 2);
  for (const r of failed) {
    assert.match(r.error as string, budgetError);
    assert.deepEqual([r.status, r.errorSource, r.frameCount], [413, "plugin", 0]);
  }
  assert.ok(answered.length <= 3, "two frames of 10 000 points each take about 0.3 MiB");
});

test("protocol 1: the same, in each result's error", async () => {
  const request = v1Request("", fromMs, toMs, queries, {}, limits);
  const report = await runHost("host-v101", shim, [request], [], env);
  const results = report.results[0].response.results as Json[];
  const answered = results.filter((r) => !r.error);
  const failed = results.filter((r) => r.error);
  assert.ok(answered.length >= 1 && failed.length >= 1, `${answered.length} answered`);
  for (const r of answered) assert.equal((r.series as Json[]).length, 2);
  for (const r of failed) assert.match(r.error as string, budgetError);
  assert.ok(answered.length <= 2, "about 0.5 MiB each");
});
