/**
 * The wrap handler for a protocol-2 plugin: a frames-style handler forwarding
 * QueryData and CheckHealth, so a pluginv2 plugin can be recorded, or served
 * over protocol 1 and the HTTP gateway.
 */

import { RequestBatches } from "../../handler/request-batches.js";
import type { DataAnswer, FramesHandler } from "../../handler/types.js";
import type { DataRequest, DataResponse } from "../../model/data.js";
import { finishBeforeExit } from "../../pending-work.js";
import { callError } from "./call-error.js";
import type { ChildDeps } from "./legacy-child.js";

export function framesChildHandler(deps: ChildDeps): FramesHandler {
  const batches = new RequestBatches<ReadonlyMap<string, DataResponse>>();
  return {
    style: "frames",
    name: deps.name,
    async queryData(query, ctx): Promise<DataAnswer> {
      const request: DataRequest = ctx.request;
      const key = request.queries[0]?.json ?? request;
      const responses = await batches.once(key, "", async () => {
        const supervisor = deps.supervisor(ctx.log);
        const client = await supervisor.acquire(ctx.signal);
        const outcome = await client.queryData(request, ctx.signal);
        finishBeforeExit(
          deps.recorder().then((r) => r?.record({ protocol: "v2", request, outcome })),
        );
        if (!outcome.ok) throw await callError(client, outcome.failure);
        supervisor.markHealthy();
        return outcome.value;
      });
      // The SDK answers nothing for a query the plugin left out.
      return responses.get(query.refId) ?? { frames: [] };
    },
    async checkHealth(ctx) {
      const client = await deps.supervisor(ctx.log).acquire(ctx.signal);
      const outcome = await client.checkHealth(ctx.pluginContext, ctx.headers, ctx.signal);
      if (!outcome.ok) throw await callError(client, outcome.failure);
      return outcome.value;
    },
  };
}
