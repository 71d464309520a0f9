/** The closed set of failure kinds the shim reports, each with one gRPC and one HTTP status. */
export const ErrorCode = {
  InvalidArgument: "invalid_argument",
  NotFound: "not_found",
  Timeout: "timeout",
  Cancelled: "cancelled",
  Handler: "handler",
  Downstream: "downstream",
  ResourceExhausted: "resource_exhausted",
  Unimplemented: "unimplemented",
  Unavailable: "unavailable",
  Internal: "internal",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Who is to blame, as Grafana's `errorSource` says it. */
export type ErrorSource = "plugin" | "downstream";

const brand = Symbol.for("grafana-shim.ShimError");

export class ShimError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ShimError";
    this.code = code;
  }

  /** Handlers import ShimError from dist/src/ while bin/grafana-shim runs the bundle's own copy. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: subclasses keep the ordinary check
    if (this !== ShimError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && brand in value;
  }

  get [brand](): true {
    return true;
  }

  get source(): ErrorSource {
    return this.code === ErrorCode.Downstream ? "downstream" : "plugin";
  }
}

/** Turns anything thrown (an Error, a string, an object, undefined) into a ShimError. */
export function toShimError(thrown: unknown, code: ErrorCode = ErrorCode.Handler): ShimError {
  if (thrown instanceof ShimError) return thrown;
  if (thrown instanceof Error)
    return new ShimError(code, thrown.message || thrown.name, { cause: thrown });
  return new ShimError(code, `handler threw a non-Error value: ${describe(thrown)}`, {
    cause: thrown,
  });
}

/** The message of anything thrown: an Error's own, anything else as text. */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const grpcCodes: Record<ErrorCode, number> = {
  invalid_argument: 3,
  not_found: 5,
  timeout: 4,
  cancelled: 1,
  handler: 2,
  downstream: 14,
  resource_exhausted: 8,
  unimplemented: 12,
  unavailable: 14,
  internal: 13,
};

const httpCodes: Record<ErrorCode, number> = {
  invalid_argument: 400,
  not_found: 404,
  timeout: 504,
  cancelled: 499,
  handler: 500,
  downstream: 502,
  resource_exhausted: 413,
  unimplemented: 501,
  unavailable: 503,
  internal: 500,
};

/** The one mapping from a ShimError to a gRPC status code. */
export function grpcStatusOf(error: ShimError): number {
  return grpcCodes[error.code];
}

/** The one mapping from a ShimError to an HTTP status code. */
export function httpStatusOf(error: ShimError): number {
  return httpCodes[error.code];
}
