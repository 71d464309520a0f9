/** One recorded exchange, in the shim's models, before it becomes a fixture. */
import type { DataRequest, DataResponse } from "./data.js";
import type { LegacyRequest, LegacyResult } from "./legacy.js";

/** How a call to a plugin failed: its gRPC status. */
export interface GrpcFailure {
  /** Go's name of the code, e.g. "Unavailable", "InvalidArgument". */
  readonly code: string;
  readonly message: string;
}

/** A call's answer, or the gRPC status it failed with. */
export type CallOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: GrpcFailure };

export interface HttpExchangeRequest {
  readonly path: "/api/tsdb/query" | "/api/ds/query";
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type Exchange =
  | {
      readonly protocol: "v1";
      readonly request: LegacyRequest;
      readonly outcome: CallOutcome<readonly LegacyResult[]>;
    }
  | {
      readonly protocol: "v2";
      readonly request: DataRequest;
      readonly outcome: CallOutcome<ReadonlyMap<string, DataResponse>>;
    }
  | {
      readonly protocol: "tsdb-http" | "ds-http";
      readonly request: HttpExchangeRequest;
      readonly response: { readonly status: number; readonly body: unknown };
    };

/** Where wrap mode and the recording gateway hand their exchanges. */
export interface ExchangeRecorder {
  record(exchange: Exchange): void;
}
