/**
 * Live mode through host-v2 as Grafana 8+: a query with `live: true` answers frames whose
 * meta.channel names a stream; RunStream on that path polls the server at the query interval
 * and pushes only points newer than the query's end, each once, and stops polling when the
 * host cancels. Unknown paths are NOT_FOUND and publishing is denied.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { channelOf } from "../../src/backends/simplejson/live-channel.js";
import { activePollers, liveStreams } from "../../src/backends/simplejson/live-streams.js";
import type { Frame } from "../../src/model/frame.js";
import { cleanEnv } from "../clean-env.js";
import { startClassicServer } from "../simple-json-servers/classic.js";
import type { RunningServer } from "../simple-json-servers/serve.js";
import { type Json, runHost, shim, v2Request } from "./hosts.js";
import { dataRequest, datasource, log } from "./requests.js";

let classic: RunningServer;
before(async () => {
  classic = await startClassicServer();
});
after(async () => {
  await classic.close();
});

test("a live query streams new points until the host cancels", async () => {
  const toMs = Math.floor(Date.now() / 1000) * 1000 - 4000;
  const fromMs = toMs - 60_000;
  const json = { refId: "A", target: "upper_25", live: true };
  const request = v2Request(classic.url, "sj-classic", fromMs, toMs, [json]);
  request.queries[0].intervalMS = "1000";
  const channel = channelOf(
    {
      query: {
        refId: "A",
        queryType: "",
        maxDataPoints: 100,
        intervalMs: 1000,
        timeRange: { fromMs, toMs },
        json,
      },
      datasourceUid: "sj-classic",
    },
    { name: "upper_25", points: [] },
  );
  const path = channel.replace("ds/sj-classic/", "");
  const report = await runHost(
    "host-v2",
    shim,
    [request],
    ["-versions", "2", "-stream", path, "-packets", "3"],
    cleanEnv(),
  );
  const frame = JSON.parse(report.results[0].response.A.frames[0]) as Json;
  assert.equal(frame.schema.meta.channel, channel);
  const stream = report.stream;
  assert.equal(stream.subscribe.status, "OK");
  assert.equal(stream.subscribeUnknown.status, "NOT_FOUND");
  assert.equal(stream.runUnknown.grpcError.code, "NotFound");
  assert.equal(stream.publishDenied.status, "PERMISSION_DENIED");
  assert.equal(stream.packets.length, 3, JSON.stringify(stream));
  const times = stream.packets.flatMap((p: Json) => {
    assert.equal(p.decodeError, undefined);
    const f = JSON.parse(p.frame) as Json;
    assert.equal(f.schema.fields[1].name, "upper_25");
    return f.data.values[0] as number[];
  });
  assert.ok(times.length >= 3);
  assert.ok(
    times.every((t: number, i: number) => t > toMs && (i === 0 || t > (times[i - 1] as number))),
    `only new points, once: ${times}`,
  );
  assert.equal(stream.endCode, "Canceled");
  const calls = classic.seen.length;
  await sleep(2500);
  assert.equal(classic.seen.length, calls, "no more polling once the last subscriber left");
});

test("one poller per live query, shared by its series, gone with the last subscriber", async () => {
  const toMs = Date.now() - 3000;
  const json = { refId: "B", target: "upper_75", live: true };
  const query = {
    refId: "B",
    queryType: "",
    maxDataPoints: 100,
    intervalMs: 1000,
    timeRange: { fromMs: toMs - 60_000, toMs },
    json,
  };
  const path = channelOf(
    { query, datasourceUid: "sj-classic" },
    { name: "upper_75", points: [] },
  ).replace("ds/sj-classic/", "");
  const pluginContext = dataRequest(
    datasource(classic.url, { uid: "sj-classic" }),
    [],
  ).pluginContext;
  const runs = [new AbortController(), new AbortController()];
  const got: Frame[][] = [[], []];
  const running = runs.map((c, i) =>
    liveStreams.run({ path, data: undefined, headers: {} }, async (f) => void got[i]?.push(f), {
      pluginContext,
      signal: c.signal,
      log,
    }),
  );
  await sleep(1500);
  assert.equal(activePollers(), 1);
  runs[0]?.abort();
  await running[0];
  assert.equal(activePollers(), 1, "still one subscriber");
  runs[1]?.abort();
  await running[1];
  assert.equal(activePollers(), 0);
  await sleep(300); // a poll already on the wire may still arrive
  const calls = classic.seen.length;
  await sleep(1500);
  assert.equal(classic.seen.length, calls, "no polling after the last subscriber left");
  assert.ok((got[0]?.length ?? 0) > 0 && (got[1]?.length ?? 0) > 0, "both subscribers got points");
});
