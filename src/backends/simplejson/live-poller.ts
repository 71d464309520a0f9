/**
 * One poller per live query, shared by the streams of its series: it polls `/query` at the
 * query's interval (at least 1 s) while anyone listens and stops when the last one leaves.
 * Each stream gets only points newer than the last it was sent.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { seriesToFrames } from "../../adapters/series-to-frames.js";
import { messageOf } from "../../errors.js";
import type { Logger } from "../../log/logger.js";
import type { DataQuery } from "../../model/data.js";
import type { Frame } from "../../model/frame.js";
import type { Point, Series } from "../../model/legacy.js";
import { Secrets } from "../../secrets.js";
import { type LiveQuery, seriesKeyOf } from "./live-channel.js";
import { targetOf } from "./query-body.js";
import { fetchQuery } from "./routes.js";
import type { UpstreamSettings } from "./settings.js";

export interface Listener {
  readonly seriesKey: string;
  lastMs: number;
  readonly send: (frame: Frame) => Promise<void>;
}

export const minPollMs = 1000;

export class LivePoller {
  readonly listeners = new Set<Listener>();
  private readonly stop = new AbortController();

  constructor(
    private readonly live: LiveQuery,
    private readonly settings: () => UpstreamSettings,
    private readonly log: Logger,
    private readonly onIdle: () => void,
  ) {}

  add(listener: Listener): void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) void this.loop();
  }

  remove(listener: Listener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) {
      this.stop.abort();
      this.onIdle();
    }
  }

  private async loop(): Promise<void> {
    const every = Math.max(this.live.query.intervalMs, minPollMs);
    while (!this.stop.signal.aborted) {
      let secrets = Secrets.none;
      try {
        const settings = this.settings();
        secrets = settings.secrets;
        await this.pollOnce(settings);
      } catch (thrown) {
        const error = secrets.text(messageOf(thrown));
        if (!this.stop.signal.aborted) this.log.warn("live poll failed", { error });
      }
      await sleep(every, undefined, { signal: this.stop.signal }).catch(() => {});
    }
  }

  private async pollOnce(settings: UpstreamSettings): Promise<void> {
    const target = targetOf(this.live.query);
    if (target === undefined) return;
    const since = Math.min(...[...this.listeners].map((l) => l.lastMs));
    const query: DataQuery = { ...this.live.query, timeRange: { fromMs: since, toMs: Date.now() } };
    const answer = await fetchQuery(settings, query, target, {
      signal: this.stop.signal,
      log: this.log,
    });
    for (const listener of [...this.listeners]) await this.push(listener, answer.series);
  }

  private async push(listener: Listener, series: readonly Series[]): Promise<void> {
    const mine = series.find((s) => seriesKeyOf(s) === listener.seriesKey);
    const fresh = (mine?.points ?? []).filter((p) => p[1] > listener.lastMs).sort(byTime);
    if (mine === undefined || fresh.length === 0) return;
    const [frame] = seriesToFrames([{ ...mine, points: fresh }]);
    listener.lastMs = (fresh.at(-1) as Point)[1];
    await listener.send(frame as Frame).catch(() => this.remove(listener));
  }
}

const byTime = (a: Point, b: Point) => a[1] - b[1];
