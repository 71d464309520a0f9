/** The handler's stream part: Grafana Live subscriptions to the channels of live queries. */
import { ErrorCode, ShimError } from "../../errors.js";
import type { StreamPart } from "../../handler/types.js";
import { liveQueryOf, parseLivePath } from "./live-channel.js";
import { type Listener, LivePoller } from "./live-poller.js";
import { upstreamSettingsOf } from "./settings.js";

const pollers = new Map<string, LivePoller>();

export const liveStreams: StreamPart = {
  subscribe(req) {
    const path = parseLivePath(req.path);
    return { ok: path !== undefined && liveQueryOf(path.queryKey) !== undefined };
  },

  async run(req, send, ctx) {
    const path = parseLivePath(req.path);
    const live = path && liveQueryOf(path.queryKey);
    if (!path || !live) {
      throw new ShimError(
        ErrorCode.NotFound,
        `no live query for stream "${req.path}": run the query again`,
      );
    }
    if (ctx.signal.aborted) return;
    let poller = pollers.get(path.queryKey);
    if (!poller) {
      const datasource = ctx.pluginContext.datasource;
      const created: LivePoller = new LivePoller(
        live,
        () => upstreamSettingsOf(datasource),
        ctx.log,
        () => {
          if (pollers.get(path.queryKey) === created) pollers.delete(path.queryKey);
        },
      );
      poller = created;
      pollers.set(path.queryKey, poller);
    }
    const listener: Listener = { seriesKey: path.seriesKey, lastMs: path.sinceMs, send };
    const running = poller;
    await new Promise<void>((resolve) => {
      ctx.signal.addEventListener("abort", () => resolve(), { once: true });
      running.add(listener);
    });
    running.remove(listener);
  },
};

/** How many live queries are being polled now (for tests). */
export function activePollers(): number {
  return pollers.size;
}
