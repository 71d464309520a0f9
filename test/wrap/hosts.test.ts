/**
 * Wrap mode against real go-plugin hosts: the Go protocol-1 reference plugin,
 * wrapped by the shim, answers the Grafana 7 host (host-v2 -versions 1,2 with
 * GF_VERSION) and the Grafana 8+ host (host-v2 -versions 2) over protocol 2,
 * and /api/tsdb/query through serve-http, with the same data it gives the
 * Grafana 6 host (host-v101) directly; over protocol 1 the answers are the
 * plugin's own, unchanged.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseJsonExact } from "../../src/exact-json.js";
import { firstDifference, shown } from "../../src/replay/compare.js";
import { cleanEnv } from "../clean-env.js";
import { fromTsdb, fromV1, fromV2, type Reduced } from "./reduce.js";
import { type Json, refV1, root, runHost, shim, startServeHttp, wrapEnv } from "./run-hosts.js";

const tmp = mkdtempSync(join(tmpdir(), "wrap-hosts-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Requests of the protocol-1 fixtures, in the readable form (model and jsonData as objects). */
function fixtureRequests(names: readonly string[]): Json[] {
  return names.flatMap((name) => {
    const file = join(root, "test/fixtures/v1-requests", `${name}.json`);
    return (JSON.parse(readFileSync(file, "utf8")) as { requests: Json[] }).requests;
  });
}

const dataNames = [
  "01-cell-kinds",
  "02-nulls-nan-inf",
  "03-series",
  "05-many-queries",
  "07-unicode",
];
/** Echo answers tell what the plugin was sent, which differs by route by design (fromRaw). */
const dataRequests = fixtureRequests(dataNames).filter(
  (r) => !JSON.stringify(r).includes('"echo":true'),
);
/**
 * Every request, but those whose datasource jsonData is not a JSON object: the shim's
 * protocol-1 server refuses them itself (its model holds jsonData parsed), while the
 * Go plugin fails them with a gRPC error of its own.
 */
const allRequests = fixtureRequests([
  ...dataNames,
  "04-results",
  "06-echo",
  "08-lone-surrogates",
]).filter((r) => {
  const jsonData = (r.datasource as Json | undefined)?.jsonData;
  return (
    jsonData === undefined ||
    (typeof jsonData === "object" && jsonData !== null && !Array.isArray(jsonData))
  );
});

type Query = { refId: string; maxDataPoints?: number; intervalMs?: number; model?: Json };
type TimeRange = { fromRaw?: string; toRaw?: string; fromEpochMs?: number; toEpochMs?: number };

function v1Wire(r: Json): Json {
  const ds = r.datasource as Json | undefined;
  return {
    ...r,
    ...(ds && { datasource: { ...ds, jsonData: JSON.stringify(ds.jsonData ?? {}) } }),
    queries: (r.queries as Query[]).map(({ model, ...q }) => ({
      ...q,
      modelJson: JSON.stringify(model ?? {}),
    })),
  };
}

/** The same request as Grafana 7+ sends it: a QueryDataRequest (protojson, json fields as objects). */
function v2Wire(r: Json): Json {
  const t = (r.timeRange as TimeRange | undefined) ?? {};
  const ds = (r.datasource as Json | undefined) ?? {};
  return {
    pluginContext: {
      orgId: String(ds.orgId ?? 1),
      pluginId: String(ds.type ?? "legacy"),
      dataSourceInstanceSettings: {
        id: String(ds.id ?? 1),
        name: String(ds.name ?? ""),
        url: String(ds.url ?? ""),
        jsonData: ds.jsonData ?? {},
      },
    },
    queries: (r.queries as Query[]).map((q) => ({
      refId: q.refId,
      maxDataPoints: String(q.maxDataPoints ?? 0),
      intervalMS: String(q.intervalMs ?? 0),
      timeRange: { fromEpochMS: String(t.fromEpochMs ?? 0), toEpochMS: String(t.toEpochMs ?? 0) },
      json: q.model ?? {},
    })),
  };
}

/** The same request as /api/tsdb/query gets it: the model is the whole posted query. */
function tsdbBody(r: Json): Json {
  const t = (r.timeRange as TimeRange | undefined) ?? {};
  return {
    from: String(t.fromEpochMs ?? 0),
    to: String(t.toEpochMs ?? 0),
    queries: (r.queries as Query[]).map((q) => ({
      ...(q.model ?? {}),
      refId: q.refId,
      datasourceId: 1,
      maxDataPoints: q.maxDataPoints ?? 100,
      intervalMs: q.intervalMs ?? 1000,
    })),
  };
}

interface Answer {
  readonly results: readonly Json[];
}

/** host-v101 straight to the Go plugin: what Grafana 6 showed. */
let direct: readonly Json[] = [];
before(async () => {
  const report = await runHost(
    "host-v101",
    [],
    refV1,
    dataRequests.map(v1Wire),
    cleanEnv({ TMPDIR: tmp }),
    tmp,
    "direct",
  );
  direct = (report as unknown as Answer).results;
});

function directResult(request: number, query: number): Reduced {
  const entry = direct[request] as { response: { results: Json[] } };
  return fromV1(entry.response.results[query] ?? {});
}

/** Times frames cannot hold (int64 nanoseconds: years 1677 to 2262). */
function beyondFrames(result: Reduced): boolean {
  const limitMs = 9223372036854;
  return result.series.some((s) => s.points.some(([t]) => Math.abs(Number(t)) > limitMs));
}

function assertSame(expected: Reduced, actual: Reduced, where: string): void {
  const difference = firstDifference(expected, actual, [], [where]);
  if (difference) {
    assert.fail(
      `${difference.path}\n  direct (host-v101): ${shown(difference.expected)}\n  wrapped:            ${shown(difference.actual)}`,
    );
  }
}

describe("the Go protocol-1 plugin wrapped by the shim", () => {
  const v2Hosts = [
    {
      name: "Grafana 7.x (host-v2 -versions 1,2 -gf-version 7.5.17)",
      args: ["-versions", "1,2", "-gf-version", "7.5.17"],
    },
    {
      name: "Grafana 8+ (host-v2 -versions 2 -gf-version 11.3.0)",
      args: ["-versions", "2", "-gf-version", "11.3.0"],
    },
  ];
  for (const host of v2Hosts) {
    test(`answers ${host.name} over protocol 2 with the data it gives host-v101`, async () => {
      const report = await runHost(
        "host-v2",
        host.args,
        shim,
        dataRequests.map(v2Wire),
        wrapEnv(tmp, refV1),
        tmp,
        host.args.join(""),
      );
      assert.equal(report.negotiatedVersion, 2);
      const results = report.results as { response: Record<string, Json>; decodeError?: string }[];
      assert.equal(results.length, dataRequests.length);
      results.forEach((entry, r) => {
        assert.equal(entry.decodeError, undefined, `request ${r}: the host decodes every frame`);
        ((dataRequests[r]?.queries ?? []) as Query[]).forEach((q, i) => {
          const response = entry.response[q.refId];
          assert.ok(response, `request ${r} ${q.refId} answered`);
          const expected = directResult(r, i);
          if (beyondFrames(expected)) {
            // Frames hold time as int64 nanoseconds: such a query answers with a clear error.
            assert.match(String(response.error), /is beyond what frames hold/);
          } else assertSame(expected, fromV2(response), `request[${r}].${q.refId}`);
        });
      });
      assert.equal(report.exited, true, "the host stopped the shim (and so its child)");
    });
  }

  test("answers host-v101 over protocol 1 exactly as the plugin does", async () => {
    const wires = allRequests.map(v1Wire);
    const [plain, wrapped] = await Promise.all([
      runHost("host-v101", [], refV1, wires, cleanEnv({ TMPDIR: tmp }), tmp, "v1-plain"),
      runHost("host-v101", [], shim, wires, wrapEnv(tmp, refV1), tmp, "v1-wrapped"),
    ]);
    const normalised = (report: Json) =>
      (report.results as Json[]).map((entry) => {
        const response = entry.response as { results: Json[] } | undefined;
        // Go escapes <>& in meta JSON and the shim does not: compare meta parsed.
        return (
          response?.results.map((r) => ({
            ...r,
            metaJson: r.metaJson ? JSON.parse(String(r.metaJson)) : "",
          })) ?? entry
        );
      });
    const difference = firstDifference(normalised(plain), normalised(wrapped), [], ["results"]);
    assert.equal(
      difference,
      undefined,
      difference &&
        `${difference.path}: ${shown(difference.expected)} vs ${shown(difference.actual)}`,
    );
  });

  test("answers /api/tsdb/query through serve-http with the data it gives host-v101", async () => {
    const gateway = await startServeHttp(wrapEnv(tmp, refV1, { GRAFANA_SHIM_LOG_LEVEL: "info" }));
    try {
      for (const [r, request] of dataRequests.entries()) {
        const answer = await fetch(`${gateway.url}/api/tsdb/query`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(tsdbBody(request)),
        });
        const body = parseJsonExact(await answer.text(), "answer") as {
          results: Record<string, Json>;
        };
        (request.queries as Query[]).forEach((q, i) => {
          assertSame(
            directResult(r, i),
            fromTsdb(body.results[q.refId] ?? {}),
            `request[${r}].${q.refId}`,
          );
        });
      }
    } finally {
      await gateway.stop();
    }
  });
});
