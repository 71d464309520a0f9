/**
 * The exact bytes of both answers for results that stress the writers: int64
 * beyond 2^53, bytes, NaN/±Inf, -0, tags order, errors, repeated refIds,
 * frames without refId, statuses outside 100-599, answers that cannot be sent.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DataResponse } from "../../src/model/data.js";
import type { LegacyResult } from "../../src/model/legacy.js";
import {
  dsResponseToHttp,
  dsResultToHttp,
  type HttpAnswer,
  tsdbResponseToHttp,
  tsdbResultToHttp,
} from "../../src/server/http/convert-response.js";
import type { TsdbResult } from "../../src/server/http/legacy-json.js";

function read(answer: HttpAnswer): { status: number; body: string } {
  return { status: answer.status, body: Buffer.concat(answer.body.chunks).toString("utf8") };
}

async function tsdb(answers: readonly TsdbResult[]) {
  return read(tsdbResponseToHttp(await Promise.all(answers.map((a) => tsdbResultToHttp(a)))));
}

async function ds(refIds: readonly string[], responses: readonly DataResponse[], multi: boolean) {
  const results = await Promise.all(responses.map((r, i) => dsResultToHttp(refIds[i] ?? "", r)));
  return read(dsResponseToHttp(results, multi));
}

test("tsdb: Grafana's legacy JSON, every cell kind", async () => {
  const result: LegacyResult = {
    refId: "A",
    meta: { rows: 2n, note: "<&>" },
    series: [
      {
        name: "s",
        tags: { z: "1", a: "2" },
        points: [
          [Number.NaN, 1],
          [null, 2],
          [-0, 3],
          [1.5e-7, 4],
          [Number.POSITIVE_INFINITY, 5],
        ],
      },
    ],
    tables: [
      {
        columns: [{ text: "i" }, { text: "b" }, { text: "x" }, { text: "t" }, { text: "n" }],
        rows: [
          [9007199254740993n, new Uint8Array([1, 2, 255]), Number.NEGATIVE_INFINITY, true, null],
        ],
      },
    ],
  };
  assert.deepEqual(await tsdb([{ result }]), {
    status: 200,
    body:
      '{"results":{"A":{"refId":"A","meta":{"rows":"2","note":"<&>"},' +
      '"series":[{"name":"s","points":[[null,1],[null,2],[-0,3],[1.5e-7,4],[null,5]],"tags":{"a":"2","z":"1"}}],' +
      '"tables":[{"columns":[{"text":"i"},{"text":"b"},{"text":"x"},{"text":"t"},{"text":"n"}],' +
      '"rows":[[9007199254740993,"AQL/",null,true,null]]}]}}}',
  });
});

test("tsdb: errors, message, sorted and repeated refIds, answers that cannot be sent", async () => {
  const answer = await tsdb([
    { result: { refId: "B", error: "first" } },
    { result: { refId: "A", series: [{ name: "x", points: [[1, 1.5]] }] } },
    { result: { refId: "C", series: [] } },
    { result: { refId: "C", tables: [] } },
  ]);
  assert.equal(answer.status, 400);
  const json = JSON.parse(answer.body);
  assert.deepEqual(Object.keys(json.results), ["A", "B", "C"]);
  assert.match(
    json.results.A.error,
    /^handler answer cannot be sent: series\[0\]\.points\[0\]: time 1\.5 is not an integer/,
  );
  assert.equal(json.message, json.results.A.error, "the first failed result in refId order");
  assert.deepEqual(json.results.C, { refId: "C", series: [], tables: null });
  const only = await tsdb([{ result: { refId: "A" }, dataframes: ["QUJD"], framesOnly: true }]);
  assert.equal(
    only.body,
    '{"results":{"A":{"refId":"A","series":null,"tables":null,"dataframes":["QUJD"]}}}',
  );
});

test("ds: the SDK's key order, statuses, refIds filled in", async () => {
  const responses: DataResponse[] = [
    { frames: [{ fields: [{ name: "v", type: "int64", nullable: false, values: [2n ** 62n] }] }] },
    { frames: [], error: "no", status: 0 },
    { frames: [], error: "down", status: 503, errorSource: "downstream" },
    { frames: [], status: 1000 },
  ];
  const answer = await ds(["A", "B", "C", "D"], responses, false);
  assert.equal(answer.status, 400);
  assert.equal(
    answer.body,
    '{"results":{"A":{"status":200,"frames":[{"schema":{"refId":"A","fields":[{"name":"v","type":"number","typeInfo":{"frame":"int64"}}]},' +
      '"data":{"values":[[4611686018427387904]]}}]},' +
      '"B":{"error":"no","errorSource":"plugin","status":500},' +
      '"C":{"error":"down","errorSource":"downstream","status":503},' +
      '"D":{"status":200,"frames":[]}}}',
  );
  assert.equal((await ds(["A", "B"], responses.slice(0, 2), true)).status, 207);
  assert.equal((await ds(["A"], responses.slice(0, 1), true)).status, 200);
});
