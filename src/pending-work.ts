/**
 * Work the process must finish before it exits although no caller waits for it (a fixture is
 * written after its answer went out): plugin mode and the gateway wait for it when they stop.
 */
const pending = new Set<Promise<void>>();

/** Holds a stop until `work` settled; its failure is for the caller to report. */
export function finishBeforeExit(work: Promise<unknown>): void {
  const tracked: Promise<void> = work
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => pending.delete(tracked));
  pending.add(tracked);
}

/** True once no work is pending (work added meanwhile included), false if `ms` passed first. */
export async function pendingWorkDone(ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const drained = (async () => {
    while (pending.size > 0) await Promise.all(pending);
    return true as const;
  })();
  try {
    return await Promise.race([drained, late]);
  } finally {
    clearTimeout(timer);
  }
}
