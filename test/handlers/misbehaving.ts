/**
 * A legacy handler that misbehaves on request, for the bad-input tests: the
 * query model's `misbehave` key picks what goes wrong; any other query is
 * answered by the echo-legacy handler (test/go/ANSWER-SPEC.md).
 *
 *   throw-string | throw-object | throw-undefined   throw that value
 *   hang            never answer, ignore the abort signal
 *   busy            block the event loop for good: a loop that never yields
 *   late-reject     ignore the signal; reject `afterMs` later
 *   leak-rejection  answer at once, but leave a promise that rejects `afterMs` later
 *   big             one table with one string cell of `bytes` characters (see bigText)
 */
import { defineHandler, type LegacyAnswer } from "../../src/handler/types.js";
import echo from "./echo-legacy.js";

/** Deterministic text of any length, so a test can rebuild what it should receive. */
export function bigText(length: number): string {
  const unit = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function afterMs(model: Readonly<Record<string, unknown>>): number {
  return typeof model.afterMs === "number" ? model.afterMs : 1000;
}

export default defineHandler({
  style: "legacy",
  name: "misbehaving",
  query(query, ctx): LegacyAnswer | Promise<LegacyAnswer> {
    switch (query.model.misbehave) {
      case "throw-string":
        throw "a plain string";
      case "throw-object":
        throw { code: 42, why: "an object" };
      case "throw-undefined":
        throw undefined;
      case "hang":
        return new Promise<never>(() => undefined);
      case "busy":
        for (;;) {
          // Nothing: a handler stuck in a synchronous loop never gives the event loop back.
        }
      case "late-reject":
        return new Promise<never>((_resolve, reject) =>
          setTimeout(() => reject(new Error("rejected after the deadline")), afterMs(query.model)),
        );
      case "leak-rejection":
        setTimeout(() => {
          Promise.reject(new Error("a rejection nobody handles"));
        }, afterMs(query.model));
        return { meta: { leaked: true } };
      case "big":
        return {
          tables: [
            {
              columns: [{ text: "big" }],
              rows: [[bigText(Number(query.model.bytes))]],
            },
          ],
        };
      default:
        return echo.query(query, ctx);
    }
  },
});
