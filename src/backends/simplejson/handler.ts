/**
 * The `simplejson` handler: a drop-in for Grafana's simple-json-backend-datasource and its
 * forks, answering every protocol from the datasource's Simple JSON HTTP server.
 */
import { defineHandler } from "../../handler/types.js";
import { checkHealth } from "./health.js";
import { liveStreams } from "./live-streams.js";
import { queryData } from "./query-data.js";
import { callResource } from "./resources.js";

export const simpleJsonHandler = defineHandler({
  style: "frames",
  name: "simplejson",
  queryData,
  checkHealth,
  callResource,
  streams: liveStreams,
});
