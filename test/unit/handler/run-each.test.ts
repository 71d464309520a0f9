/** runEach: a concurrency limit, one deadline, and every query settling on its own. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { runEach, type Settled } from "../../../src/handler/run-each.js";

const limits = { concurrency: 16, timeoutMs: 5_000 };

function summary<T>(settled: readonly Settled<T>[]) {
  return settled.map((s) =>
    s.ok ? { ok: s.value } : { code: s.error.code, error: s.error.message },
  );
}

/** Resolves when `signal` aborts, never otherwise: a handler that only stops when told. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) =>
    signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
  );
}

describe("runEach", () => {
  test("answers in input order, whatever order the work finishes in", async () => {
    const settled = await runEach(
      [30, 10, 20, 0],
      async (ms) => {
        await sleep(ms);
        return ms * 2;
      },
      limits,
    );
    assert.deepEqual(summary(settled), [{ ok: 60 }, { ok: 20 }, { ok: 40 }, { ok: 0 }]);
  });

  test("no items: no work, no waiting for the deadline", async () => {
    const started = Date.now();
    assert.deepEqual(await runEach([], () => 1, { concurrency: 4, timeoutMs: 10_000 }), []);
    assert.ok(Date.now() - started < 1000);
  });

  for (const concurrency of [1, 3, 16]) {
    test(`never more than ${concurrency} at once, and that many when there is work`, async () => {
      let running = 0;
      let most = 0;
      const items = Array.from({ length: 20 }, (_, i) => i);
      const settled = await runEach(
        items,
        async (i) => {
          running++;
          most = Math.max(most, running);
          await sleep(5);
          running--;
          return i;
        },
        { concurrency, timeoutMs: 5_000 },
      );
      assert.equal(most, concurrency);
      assert.deepEqual(
        summary(settled),
        items.map((i) => ({ ok: i })),
      );
    });
  }

  test("the deadline cuts off what is unfinished; finished queries keep their answers", async () => {
    let sawAbort = false;
    const started = Date.now();
    const settled = await runEach(
      ["fast", "hang", "slowish"],
      async (kind, { signal }) => {
        if (kind === "hang") {
          signal.addEventListener("abort", () => {
            sawAbort = true;
          });
          return new Promise<string>(() => undefined);
        }
        await sleep(kind === "fast" ? 0 : 50);
        return kind;
      },
      { concurrency: 3, timeoutMs: 300 },
    );
    const took = Date.now() - started;
    assert.deepEqual(summary(settled), [
      { ok: "fast" },
      { code: "timeout", error: "query timed out after 300 ms" },
      { ok: "slowish" },
    ]);
    assert.ok(sawAbort, "the handler's signal aborted at the deadline");
    assert.ok(took >= 290 && took < 2000, `took ${took} ms`);
  });

  test("synchronous work: the deadline still ends the queries past it", async () => {
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const started = Date.now();
    const settled = await runEach(
      Array.from({ length: 100 }, (_, i) => i),
      (i) => {
        busy(20);
        return i;
      },
      { concurrency: 4, timeoutMs: 200 },
    );
    const timedOut = settled.filter((s) => !s.ok && s.error.code === "timeout").length;
    assert.ok(timedOut > 0 && timedOut < 100, `${timedOut} of 100 timed out`);
    assert.ok(Date.now() - started < 1500, "two seconds of work were not all done");
  });

  test("work gets the deadline it is cut off at, the caller's when that is earlier", async () => {
    const before = Date.now();
    const [own] = await runEach([0], (_i, { deadline }) => deadline, limits);
    assert.ok(own?.ok && own.value >= before + 5_000 && own.value <= Date.now() + 5_000);
    const caller = before + 1234;
    const [host] = await runEach([0], (_i, { deadline }) => deadline, {
      ...limits,
      deadline: caller,
    });
    assert.deepEqual(host, { ok: true, value: caller });
  });

  test("queries still waiting for a slot at the deadline time out without running", async () => {
    const ran: number[] = [];
    const settled = await runEach(
      [0, 1, 2],
      (i, { signal }) => {
        ran.push(i);
        return untilAborted(signal);
      },
      { concurrency: 1, timeoutMs: 100 },
    );
    assert.deepEqual(ran, [0]);
    assert.deepEqual(
      settled.map((s) => !s.ok && s.error.code),
      ["timeout", "timeout", "timeout"],
    );
  });

  test("a timeout longer than Node's timers allow does not fire at once", async () => {
    const settled = await runEach(
      [1],
      async (i) => {
        await sleep(50);
        return i;
      },
      { concurrency: 1, timeoutMs: 3_000_000_000 },
    );
    assert.deepEqual(summary(settled), [{ ok: 1 }]);
  });

  test("the caller's cancellation stops running and waiting queries", async () => {
    const caller = new AbortController();
    const ran: number[] = [];
    setTimeout(() => caller.abort(), 50);
    const settled = await runEach(
      [0, 1, 2],
      async (i, { signal }) => {
        ran.push(i);
        if (i === 0) return "done";
        return untilAborted(signal);
      },
      { concurrency: 2, timeoutMs: 5_000, signal: caller.signal },
    );
    assert.deepEqual(ran, [0, 1, 2]);
    assert.deepEqual(summary(settled), [
      { ok: "done" },
      { code: "cancelled", error: "the caller cancelled the request" },
      { code: "cancelled", error: "the caller cancelled the request" },
    ]);
  });

  test("a caller without a signal: its cancellation and its deadline, in its name", async () => {
    let listening = 0;
    let cancelLater: (() => void) | undefined;
    const onCancel = (cancel: () => void) => {
      listening++;
      cancelLater = cancel;
      return () => {
        listening--;
      };
    };
    setTimeout(() => cancelLater?.(), 30);
    const cancelled = await runEach([0], (_i, { signal }) => untilAborted(signal), {
      ...limits,
      onCancel,
      caller: "the host",
    });
    assert.deepEqual(summary(cancelled), [
      { code: "cancelled", error: "the host cancelled the request" },
    ]);
    assert.equal(listening, 0, "runEach stopped listening once it answered");
    const late = await runEach([0], (_i, { signal }) => untilAborted(signal), {
      ...limits,
      onCancel,
      deadline: Date.now() + 30,
      caller: "the host",
    });
    assert.deepEqual(summary(late), [{ code: "timeout", error: "the host's deadline passed" }]);
  });

  test("a signal first read after the call ended is already aborted with its reason", async () => {
    let read: AbortSignal | undefined;
    const settled = await runEach(
      [0],
      async (_i, run) => {
        await sleep(80);
        read = run.signal;
        return 1;
      },
      { concurrency: 1, timeoutMs: 20 },
    );
    assert.deepEqual(summary(settled), [{ code: "timeout", error: "query timed out after 20 ms" }]);
    await sleep(100);
    assert.equal(read?.aborted, true);
    assert.equal((read?.reason as Error | undefined)?.message, "query timed out after 20 ms");
  });

  test("an already cancelled caller: nothing runs", async () => {
    const caller = new AbortController();
    caller.abort();
    let calls = 0;
    const settled = await runEach([1, 2], () => ++calls, { ...limits, signal: caller.signal });
    assert.equal(calls, 0);
    assert.deepEqual(
      settled.map((s) => !s.ok && s.error.code),
      ["cancelled", "cancelled"],
    );
  });

  test("throws and rejections of anything, sync or async, fail only their query", async () => {
    const thrown: readonly unknown[] = ["boom", { reason: 1 }, undefined, null, 42, new Error("")];
    const settled = await runEach(
      [-1, 0, 1, 2, 3, 4, 5, 6],
      async (i) => {
        if (i === -1) return "ok";
        if (i % 2 === 0) throw thrown[i];
        return Promise.reject(thrown[i]);
      },
      limits,
    );
    assert.deepEqual(summary(settled), [
      { ok: "ok" },
      { code: "handler", error: 'handler threw a non-Error value: "boom"' },
      { code: "handler", error: 'handler threw a non-Error value: {"reason":1}' },
      { code: "handler", error: "handler threw a non-Error value: undefined" },
      { code: "handler", error: "handler threw a non-Error value: null" },
      { code: "handler", error: "handler threw a non-Error value: 42" },
      { code: "handler", error: "Error" },
      { code: "handler", error: "handler threw a non-Error value: undefined" },
    ]);
  });

  test("a synchronous throw before any promise", async () => {
    const settled = await runEach(
      [1, 2],
      (i) => {
        if (i === 1) throw new TypeError("not a function");
        return i;
      },
      limits,
    );
    assert.deepEqual(summary(settled), [{ code: "handler", error: "not a function" }, { ok: 2 }]);
  });

  test("a rejection after the deadline is not an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const settled = await runEach(
        ["late", "ok"],
        async (kind) => {
          if (kind === "ok") return kind;
          await sleep(150);
          throw new Error("rejected after the deadline");
        },
        { concurrency: 2, timeoutMs: 50 },
      );
      assert.deepEqual(summary(settled), [
        { code: "timeout", error: "query timed out after 50 ms" },
        { ok: "ok" },
      ]);
      await sleep(250);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("an answer after the deadline is dropped, not delivered", async () => {
    let late = false;
    const settled = await runEach(
      ["late"],
      async () => {
        await sleep(100);
        late = true;
        return "too late";
      },
      { concurrency: 1, timeoutMs: 20 },
    );
    await sleep(150);
    assert.ok(late);
    assert.deepEqual(summary(settled), [{ code: "timeout", error: "query timed out after 20 ms" }]);
  });

  test("10 000 queries share one signal without listener warnings", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const items = Array.from({ length: 10_000 }, (_, i) => i);
      const settled = await runEach(
        items,
        async (i, { signal }) => {
          signal.addEventListener("abort", () => undefined);
          return i;
        },
        { concurrency: 1024, timeoutMs: 10_000 },
      );
      assert.equal(settled.length, 10_000);
      assert.ok(settled.every((s, i) => s.ok && s.value === i));
      await sleep(0);
      assert.deepEqual(
        warnings.map((w) => w.name),
        [],
      );
    } finally {
      process.off("warning", onWarning);
    }
  });
});
