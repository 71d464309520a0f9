/**
 * A frames-style handler that misbehaves on request, for the protocol-2 bad-input
 * tests: the query JSON's `misbehave` key picks what goes wrong; any other query,
 * resource or stream is answered by the echo-frames twin (test/go/ANSWER-SPEC-V2.md).
 *
 *   throw | throw-string | throw-object | throw-undefined | throw-downstream   throw that
 *   return-number | return-array | return-null                                 not a response
 *   frames-not-array | frame-not-object | unequal-lengths | unknown-type | wrong-value
 *   error-and-bad-frame   its own error (502, downstream) with a frame that cannot be encoded
 *   hang         never answer, ignore the abort signal
 *   wait-abort   answer only when the signal aborts, noting `tag` and the abort's reason
 *   aborts       a frame of the aborts noted under `tag` (waits up to `waitMs` for one)
 *
 * Streams: a RunStream whose data holds `tag` notes its abort the same way.
 * Resources: `digest` answers {bytes, sha256} of the request body; `throw` throws;
 * `garbage` returns a number.
 */
import { createHash } from "node:crypto";
import { ErrorCode, ShimError, toShimError } from "../../src/errors.js";
import { type DataAnswer, defineHandler, type FramesHandler } from "../../src/handler/types.js";
import type { Frame } from "../../src/model/frame.js";
import echoFrames from "./echo-frames.js";

/** The twin, typed as any frames handler: every optional part is called with its full context. */
const echo: FramesHandler = echoFrames;

interface Abort {
  readonly tag: string;
  readonly reason: string;
}

/** Aborts seen by this process, oldest first. */
const aborts: Abort[] = [];

function noteAbort(tag: unknown, signal: AbortSignal): void {
  if (typeof tag === "string" && signal.aborted)
    aborts.push({ tag, reason: toShimError(signal.reason).message });
}

function abortsFrame(tag: string): Frame {
  const mine = aborts.filter((a) => a.tag === tag);
  return {
    name: "aborts",
    fields: [
      { name: "tag", type: "string", nullable: false, values: mine.map((a) => a.tag) },
      { name: "reason", type: "string", nullable: false, values: mine.map((a) => a.reason) },
    ],
  };
}

async function waitForAbort(tag: string, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  while (Date.now() < until && !aborts.some((a) => a.tag === tag))
    await new Promise((resolve) => setTimeout(resolve, 20));
}

function untilAborted(signal: AbortSignal, tag: unknown): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener(
      "abort",
      () => {
        noteAbort(tag, signal);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Answers that are not what the handler API allows; the shim must say so, per query. */
const garbage: Record<string, () => unknown> = {
  "return-number": () => 42,
  "return-array": () => [],
  "return-null": () => null,
  "frames-not-array": () => ({ frames: "not frames" }),
  "frame-not-object": () => ({ frames: [42] }),
  "unequal-lengths": () => ({
    frames: [
      {
        name: "uneven",
        fields: [
          { name: "a", type: "float64", nullable: false, values: [1, 2] },
          { name: "b", type: "float64", nullable: false, values: [1, 2, 3] },
        ],
      },
    ],
  }),
  "unknown-type": () => ({
    frames: [{ fields: [{ name: "z", type: "complex128", nullable: false, values: [1] }] }],
  }),
  "wrong-value": () => ({
    frames: [{ fields: [{ name: "x", type: "float64", nullable: false, values: ["1.5"] }] }],
  }),
  "error-and-bad-frame": () => ({
    error: "the upstream answered 503",
    status: 502,
    errorSource: "downstream",
    frames: [{ fields: [{ name: "x", type: "float64", nullable: false, values: ["1.5"] }] }],
  }),
};

export default defineHandler({
  style: "frames",
  name: "misbehaving-frames",
  async queryData(query, ctx): Promise<DataAnswer> {
    const { misbehave, tag } = query.json;
    switch (misbehave) {
      case "throw":
        throw new Error("boom from the handler");
      case "throw-string":
        throw "a plain string";
      case "throw-object":
        throw { code: 42, why: "an object" };
      case "throw-undefined":
        throw undefined;
      case "throw-downstream":
        throw new ShimError(ErrorCode.Downstream, "the upstream answered 503");
      case "hang":
        return new Promise<never>(() => undefined);
      case "wait-abort":
        return untilAborted(ctx.signal, tag);
      case "aborts": {
        const waitMs = typeof query.json.waitMs === "number" ? query.json.waitMs : 3000;
        await waitForAbort(String(tag), waitMs);
        return { frames: [abortsFrame(String(tag))] };
      }
    }
    const bad = typeof misbehave === "string" ? garbage[misbehave] : undefined;
    if (bad) return bad() as DataAnswer;
    return echo.queryData(query, ctx);
  },
  checkHealth: (ctx) => echo.checkHealth!(ctx),
  callResource(req, ctx) {
    switch (req.path) {
      case "digest":
        return {
          status: 200,
          headers: { "Content-Type": ["application/json"] },
          body: {
            bytes: req.body.length,
            sha256: createHash("sha256").update(req.body).digest("hex"),
          },
        };
      case "throw":
        throw new Error("resource handler failed");
      case "garbage":
        return 42 as never;
      default:
        return echo.callResource!(req, ctx);
    }
  },
  streams: {
    subscribe: (req, ctx) => echo.streams!.subscribe(req, ctx),
    publish: (req, ctx) => echo.streams!.publish!(req, ctx),
    async run(req, send, ctx) {
      try {
        await echo.streams!.run(req, send, ctx);
      } finally {
        noteAbort((req.data as { tag?: unknown } | undefined)?.tag, ctx.signal);
      }
    },
  },
});
