/**
 * The `simplejson` handler: a drop-in for Grafana's simple-json-backend-datasource and its
 * forks, answering every protocol from the datasource's Simple JSON HTTP server.
 */
import { messageOf } from "../../errors.js";
import { defineHandler, type FramesHandler } from "../../handler/types.js";
import { checkHealth } from "./health.js";
import { liveStreams } from "./live-streams.js";
import { queryData } from "./query-data.js";
import { requestCompatOf, type SimpleJsonDefaults, specDefaults } from "./request-compat.js";
import { callResource } from "./resources.js";

/** The handler with a file-wide default request mode (see request-compat.ts). */
export function createSimpleJsonHandler(
  defaults: SimpleJsonDefaults = specDefaults,
): FramesHandler {
  return defineHandler({
    style: "frames",
    name: "simplejson",
    queryData: (query, ctx) => queryData(query, ctx, defaults),
    checkHealth: (ctx) => checkHealth(ctx, defaults),
    callResource,
    streams: liveStreams,
    describeDatasource(datasource) {
      try {
        const choice = requestCompatOf(datasource, defaults);
        return { requestCompat: choice.mode, requestCompatFrom: choice.from };
      } catch (thrown) {
        return { requestCompatError: messageOf(thrown) };
      }
    },
  });
}

export const simpleJsonHandler = createSimpleJsonHandler();
