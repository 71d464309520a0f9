/**
 * A JSON answer as byte chunks instead of one string: pieces of text are gathered into chunks
 * of about 64 KiB, each charged to the request's answer budget, with other work let in between.
 */
import type { AnswerBudget, AnswerShare } from "../../handler/answer-budget.js";
import { takeTurns } from "../../handler/take-turns.js";

export interface Chunks {
  /** Emptied by whoever sends them, so that sent chunks can be freed before the last is out. */
  readonly chunks: Uint8Array[];
  readonly bytes: number;
}

/** Where a query's result is charged; error results go without one: they always go out. */
export interface Charge {
  readonly budget: AnswerBudget;
  /** The query's signal: past its deadline the writing stops. */
  readonly signal: AbortSignal;
}

const chunkChars = 64 * 1024;

/** Throws what the pieces throw, or the budget's error; what was charged is then given back. */
export async function chunksOf(parts: Iterable<string>, charge?: Charge): Promise<Chunks> {
  const share: AnswerShare | undefined = charge?.budget.share();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    const chunk = Buffer.from(pending.length === 1 ? (pending[0] as string) : pending.join(""));
    pending = [];
    pendingChars = 0;
    share?.take(chunk.byteLength);
    chunks.push(chunk);
    bytes += chunk.byteLength;
  };
  try {
    for (const part of parts) {
      pending.push(part);
      pendingChars += part.length;
      if (pendingChars < chunkChars) continue;
      flush();
      if (charge) await takeTurns(charge.signal);
    }
    if (pending.length > 0) flush();
  } catch (thrown) {
    share?.giveBack();
    throw thrown;
  }
  return { chunks, bytes };
}
