/** One recorded exchange, in the shim's models, before it becomes a fixture. */
import type { CallOutcome } from "../backends/plugin-client/calls.js";
import type { DataRequest, DataResponse } from "../model/data.js";
import type { LegacyRequest, LegacyResult } from "../model/legacy.js";

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
