/**
 * One handler, both protocols: the same legacy handler (test/handlers/echo-legacy.ts)
 * answers the same requests through protocol 1 (host-v101, Grafana 6-7) and, with
 * each request converted to a QueryDataRequest, through protocol 2 (host-v2
 * -versions 2, Grafana 8+). The frames the SDK decodes on protocol 2 must hold the
 * data the protocol-1 host received:
 * - each series is a `timeseries-multi` frame (typeVersion [0,1]) named after the
 *   series (frame or value field name), with a time field of the point times and a
 *   float64 value field labelled with the tags; protocol 1 turns null and ±Inf
 *   points into NaN, protocol 2 keeps null as null, NaN as NaN and ±Inf;
 * - each table is a frame whose fields are the columns and whose cells are the
 *   table's cells (numbers compared by their decimal text, NaN cells as null);
 * - series frames come before table frames, as in the answer; a result with
 *   neither may carry one frame without fields;
 * - the error text is the same, with a non-200 status and errorSource `plugin`;
 * - the meta (and the echo of what the handler was told) reaches the host, as
 *   DataResponse.jsonMeta or as a frame's meta.custom.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { frameFromJSON } from "../../src/frames/json/frames.js";
import type { Field, Frame } from "../../src/model/frame.js";
import { cleanEnv } from "../clean-env.js";
import { shim } from "./shim-executable.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const binDir = join(root, "test/.bin");
const fixtureFile = join(root, "test/fixtures/v2-requests/legacy/one-handler.json");
const handler = join(root, "dist/test/handlers/echo-legacy.js");
const datasourceUid = "legacy-echo-uid";
/** This run's temporary folder, removed at the end. */
let dir = "";

type Json = Record<string, unknown>;

interface Report {
  readonly negotiatedVersion: number;
  readonly results: readonly Json[];
  readonly pingOk: boolean;
  readonly exited: boolean;
}

/** Protocol 1 wants the model and jsonData as JSON text. */
function toV1Wire(request: Json): Json {
  const datasource = request.datasource as Json;
  return {
    ...request,
    datasource: { ...datasource, jsonData: JSON.stringify(datasource.jsonData) },
    queries: (request.queries as Json[]).map(({ model, ...query }) => ({
      ...query,
      modelJson: JSON.stringify(model),
    })),
  };
}

/** The same request as Grafana 8+ sends it (host-v2 takes json and jsonData as objects). */
function toV2Wire(request: Json): Json {
  const ds = request.datasource as Json;
  const timeRange = request.timeRange as Json;
  return {
    pluginContext: {
      orgId: ds.orgId,
      pluginId: ds.type,
      dataSourceInstanceSettings: {
        id: ds.id,
        uid: datasourceUid,
        name: ds.name,
        url: ds.url,
        jsonData: ds.jsonData,
        decryptedSecureJsonData: ds.decryptedSecureJsonData,
      },
    },
    queries: (request.queries as Json[]).map((query) => ({
      refId: query.refId,
      maxDataPoints: query.maxDataPoints,
      intervalMS: query.intervalMs,
      timeRange: { fromEpochMS: timeRange.fromEpochMs, toEpochMS: timeRange.toEpochMs },
      json: query.model,
    })),
  };
}

function runHost(exe: string, args: readonly string[], outFile: string): Promise<Report> {
  const all = [...args, "-plugin", shim, "-out", outFile, "-timeout", "30s"];
  return new Promise((resolve, reject) => {
    execFile(
      join(binDir, exe),
      all,
      { env: cleanEnv({ TMPDIR: dir, GRAFANA_SHIM_HANDLER: handler }), timeout: 60_000 },
      (error, _o, stderr) => {
        if (error) reject(new Error(`${exe} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(readFileSync(outFile, "utf8")) as Report);
      },
    );
  });
}

/** A number as decimal text, whatever its JavaScript type; NaN and ±Inf are null. */
function numberText(value: unknown): string | null {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  return String(value);
}

/** A protocol-1 RowValue as comparable data. */
function v1Cell(cell: Json): unknown {
  switch (cell.kind) {
    case "TYPE_DOUBLE":
      return numberText(cell.doubleValue);
    case "TYPE_INT64":
      return numberText(BigInt(cell.int64Value as string));
    case "TYPE_BOOL":
      return cell.boolValue;
    case "TYPE_STRING":
      return cell.stringValue;
    case "TYPE_NULL":
      return null;
    default:
      return { unexpectedKind: cell.kind };
  }
}

function v2Cell(field: Field, row: number): unknown {
  const value = field.values[row];
  if (value === null || value === undefined) return null;
  return typeof value === "number" || typeof value === "bigint" ? numberText(value) : value;
}

/** A point value as protocol 1 carries it: null and ±Inf became NaN. */
function asProtocolOne(value: unknown): unknown {
  return typeof value === "number" && Number.isFinite(value) ? value : "NaN";
}

/** A spec point value as the handler returned it. */
function specValue(value: unknown): number | null {
  if (value === "NaN") return Number.NaN;
  if (value === "+Inf") return Number.POSITIVE_INFINITY;
  if (value === "-Inf") return Number.NEGATIVE_INFINITY;
  return value as number | null;
}

function checkSeries(frame: Frame, v1: Json, spec: Json | undefined, where: string): void {
  assert.equal(frame.meta?.type, "timeseries-multi", `${where}: meta.type`);
  assert.deepEqual(frame.meta?.typeVersion, [0, 1], `${where}: meta.typeVersion`);
  const time = frame.fields.find((f) => f.type === "time");
  const value = frame.fields.find((f) => f.type === "float64");
  assert.ok(
    time && value && frame.fields.length === 2,
    `${where}: fields ${frame.fields.map((f) => `${f.name}:${f.type}`)}`,
  );
  assert.ok(
    frame.name === v1.name || value.name === v1.name,
    `${where}: series ${JSON.stringify(v1.name)} named neither the frame (${JSON.stringify(frame.name)}) nor the value field (${JSON.stringify(value.name)})`,
  );
  assert.deepEqual(value.labels ?? {}, v1.tags ?? {}, `${where}: labels = tags`);
  const points = (v1.points ?? []) as Json[];
  assert.deepEqual(
    Array.from(time.values, (t) => String(t)),
    points.map((p) => p.timestamp),
    `${where}: times`,
  );
  assert.deepEqual(
    Array.from(value.values, asProtocolOne),
    points.map((p) => p.value),
    `${where}: values as protocol 1 has them`,
  );
  const specPoints = (spec?.points ?? []) as unknown[][];
  assert.deepEqual(
    Array.from(value.values),
    specPoints.map((p) => specValue(p[0])),
    `${where}: null, NaN and ±Inf as the handler answered them`,
  );
}

function checkTable(frame: Frame, v1: Json, where: string): void {
  const columns = (v1.columns as Json[]).map((c) => c.name);
  assert.deepEqual(
    frame.fields.map((f) => f.name),
    columns,
    `${where}: fields = columns`,
  );
  const rows = (v1.rows ?? []) as Json[];
  const own = rows.map((_, r) => frame.fields.map((f) => v2Cell(f, r)));
  const ref = rows.map((row) => (row.values as Json[]).map(v1Cell));
  assert.deepEqual(own, ref, `${where}: cells`);
}

/** The legacy meta must reach the host: as jsonMeta or as a frame's meta.custom. */
function checkMeta(response: Json, frames: readonly Frame[], v1: Json, where: string): void {
  if (!v1.metaJson) return;
  const expected = JSON.parse(v1.metaJson as string) as Json;
  const candidates: unknown[] = frames.map((f) => f.meta?.custom);
  if (typeof response.jsonMeta === "string") candidates.push(JSON.parse(response.jsonMeta));
  const normalised = candidates.map((c) => withoutUid(c));
  assert.ok(
    normalised.some((c) => isDeepEqual(c, expected)),
    `${where}: meta ${v1.metaJson} not found in jsonMeta nor any frame's meta.custom: ${JSON.stringify(candidates)}`,
  );
}

/** Protocol 2 also tells the handler the datasource uid, which protocol 1 has not. */
function withoutUid(meta: unknown): unknown {
  const echo = (meta as Json | undefined)?.echo as Json | undefined;
  const ds = echo?.datasource as Json | undefined;
  if (!ds || !("uid" in ds)) return meta;
  assert.equal(ds.uid, datasourceUid, "the echoed datasource uid");
  const { uid: _uid, ...rest } = ds;
  return { ...(meta as Json), echo: { ...echo, datasource: rest } };
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

function checkQuery(v1: Json, response: Json, spec: Json, where: string): void {
  assert.equal(response.decodeError, undefined, `${where}: the host could not decode`);
  const frames = ((response.frames ?? []) as string[]).map((text) => frameFromJSON(text));
  assert.equal(response.error, v1.error, `${where}: error`);
  if (v1.error) {
    assert.notEqual(response.status, 200, `${where}: status of a failed query`);
    assert.equal(response.errorSource, "plugin", `${where}: errorSource`);
  } else {
    assert.equal(response.status, 200, `${where}: status`);
  }
  const series = (v1.series ?? []) as Json[];
  const tables = (v1.tables ?? []) as Json[];
  const dataFrames =
    series.length + tables.length === 0 ? frames.filter((f) => f.fields.length > 0) : frames;
  assert.equal(
    dataFrames.length,
    series.length + tables.length,
    `${where}: frames for ${series.length} series and ${tables.length} tables`,
  );
  const specSeries = (spec.series ?? []) as Json[];
  for (const [i, s] of series.entries()) {
    checkSeries(dataFrames[i] as Frame, s, specSeries[i], `${where} series ${i}`);
  }
  for (const [i, t] of tables.entries()) {
    checkTable(dataFrames[series.length + i] as Frame, t, `${where} table ${i}`);
  }
  checkMeta(response, frames, v1, where);
}

describe("one legacy handler answers the same data through protocol 1 and protocol 2", () => {
  let requests: Json[] = [];
  let v1: Report;
  let v2: Report;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "v2-one-handler-"));
    const fixture = JSON.parse(readFileSync(fixtureFile, "utf8")) as Json;
    requests = fixture.requests as Json[];
    const v1File = join(dir, "v1-requests.json");
    const v2File = join(dir, "v2-requests.json");
    writeFileSync(v1File, JSON.stringify(requests.map(toV1Wire)));
    writeFileSync(v2File, JSON.stringify(requests.map(toV2Wire)));
    [v1, v2] = await Promise.all([
      runHost("host-v101", ["-requests", v1File], join(dir, "v1-report.json")),
      runHost(
        "host-v2",
        ["-versions", "2", "-gf-version", "11.3.0", "-requests", v2File],
        join(dir, "v2-report.json"),
      ),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("protocol 1 through host-v101, protocol 2 through host-v2", () => {
    assert.equal(v1.negotiatedVersion, 1);
    assert.equal(v2.negotiatedVersion, 2);
    assert.ok(v1.pingOk && v2.pingOk && v1.exited && v2.exited);
  });

  test("every query: series, tables, errors and meta are equivalent", async (t) => {
    for (const [i, request] of requests.entries()) {
      await t.test(`request ${i}`, () => {
        const v1Results = ((v1.results[i]?.response as Json | undefined)?.results ?? []) as Json[];
        const v2Responses = (v2.results[i]?.response ?? {}) as Record<string, Json>;
        assert.equal(v2.results[i]?.grpcError, undefined, JSON.stringify(v2.results[i]?.grpcError));
        for (const query of request.queries as Json[]) {
          const refId = query.refId as string;
          const v1Result = v1Results.find((r) => r.refId === refId);
          assert.ok(v1Result, `${refId}: no protocol-1 result`);
          const v2Response = v2Responses[refId];
          assert.ok(v2Response, `${refId}: no protocol-2 response`);
          const spec = ((query.model as Json).answer ?? {}) as Json;
          checkQuery(v1Result, v2Response, spec, refId);
        }
      });
    }
  });
});
