/** Settings of the HTTP gateway, with safe defaults. */
export type TsdbDataframes = "off" | "also" | "only";

export interface GatewayOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** When set, every route but /api/health needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Largest request body accepted; larger ones get 413 and are cut off. */
  readonly bodyLimitBytes: number;
  readonly maxQueries: number;
  /** Deepest JSON nesting accepted in a body. */
  readonly maxJsonDepth: number;
  /** A client must send its whole request within this time (slow clients get 408). */
  readonly requestTimeoutMs: number;
  /** Handler time per request; unfinished queries answer with a timeout error. */
  readonly queryTimeoutMs: number;
  /** Queries of one request answered at once. */
  readonly concurrency: number;
  /** Bytes the answers of one request may take in all; queries past it answer with an error. */
  readonly answerBudgetBytes: number;
  /** /api/ds/query answers 207 instead of 400 when a query failed (Grafana's multi-status flag). */
  readonly multiStatus: boolean;
  /** /api/tsdb/query: base64 Arrow frames in `dataframes` too (Grafana 7.x) or instead (8.x). */
  readonly tsdbDataframes: TsdbDataframes;
  readonly accessLog: boolean;
}

export const gatewayDefaults: GatewayOptions = {
  host: "127.0.0.1",
  port: 3100,
  bodyLimitBytes: 16 * 1024 * 1024,
  maxQueries: 1000,
  maxJsonDepth: 64,
  requestTimeoutMs: 30_000,
  queryTimeoutMs: 30_000,
  concurrency: 16,
  answerBudgetBytes: 256 * 1024 * 1024,
  multiStatus: false,
  tsdbDataframes: "off",
  accessLog: true,
};
