/** grafana-shim's public API: the handler types and the models they exchange. */
export { ErrorCode, ShimError } from "./errors.js";
export type * from "./handler/types.js";
export { defineHandler } from "./handler/types.js";
export type { Level, Logger } from "./log/logger.js";
export type * from "./model/data.js";
export type * from "./model/frame.js";
export type * from "./model/legacy.js";
