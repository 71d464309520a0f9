/**
 * What the answers of one request may take in all, counted in the bytes each edge sends
 * (JSON, Arrow, protobuf). An edge charges each query's answer to the query's share as it
 * encodes it; the query that does not fit answers with an error instead, gives back what it
 * took, and the other queries keep their answers.
 */
import { ErrorCode, ShimError } from "../errors.js";

const MiB = 1024 * 1024;

/** One query's part of the budget. */
export interface AnswerShare {
  /** Charges `bytes`; throws ShimError(resource_exhausted) when they do not fit. */
  take(bytes: number): void;
  /** Gives back everything taken, for the queries after this one. */
  giveBack(): void;
}

export class AnswerBudget {
  readonly #limit: number;
  #used = 0;

  constructor(limitBytes: number) {
    this.#limit = limitBytes;
  }

  share(): AnswerShare {
    let taken = 0;
    return {
      take: (bytes) => {
        if (this.#used + bytes > this.#limit)
          throw overBudget(this.#limit, this.#used - taken, taken + bytes);
        this.#used += bytes;
        taken += bytes;
      },
      giveBack: () => {
        this.#used -= taken;
        taken = 0;
      },
    };
  }
}

function overBudget(limit: number, others: number, atLeast: number): ShimError {
  return new ShimError(
    ErrorCode.ResourceExhausted,
    `the answer is too large: the answers of one request may take ${mib(limit)} in all ` +
      `(GRAFANA_SHIM_ANSWER_BUDGET_MIB), the other queries took ${mib(others)} and this one ` +
      `needs more than ${mib(atLeast)}; ask for less data (a shorter time range, fewer series, ` +
      "a lower max data points) or raise the budget",
  );
}

function mib(bytes: number): string {
  const value = bytes / MiB;
  return `${value >= 10 || value === 0 ? Math.round(value) : value.toFixed(1)} MiB`;
}
