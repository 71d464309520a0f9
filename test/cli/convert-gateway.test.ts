/**
 * `grafana-shim convert --to tsdb` and the gateway's /api/tsdb/query write one answer to the
 * same bytes: one writer, Grafana's Go encoder's order (series `name, points, tags`, tags
 * sorted, -0 kept, results in map order, `message` when a query failed).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { post, type RunningGateway, root, startGateway } from "../http/gateway.js";
import { convert } from "./convert-run.js";

// Written as text: JSON.stringify would make -0 a 0.
const request = `{"from":"1700000000000","to":"1700000600000","queries":[
  {"refId":"C","datasourceId":1,"answer":{"error":"upstream down"}},
  {"refId":"B","datasourceId":1,"answer":{"meta":{"executedQuery":"q","rows":3},"series":[
    {"name":"cpu","tags":{"zone":"eu","host":"web-1","Az":"x"},"points":[[-0,1000],["NaN",2000],[1.5,3000],[null,4000]]}]}},
  {"refId":"A","datasourceId":1,"answer":{"tables":[{"columns":["time","big","raw","ok","note","neg"],"rows":[
    [{"int64":"1000"},{"int64":"9007199254740993"},{"bytes":"AAH/"},{"bool":true},{"string":"é\\"\\n"},{"double":-0}],
    [{"int64":"2000"},null,null,{"bool":false},null,{"double":"NaN"}]]}]}}
]}`;

/** The same answer as a legacy response in another order: keys, tags, results. */
const legacyResponse = `{"results":{
  "C":{"refId":"C","error":"upstream down"},
  "B":{"series":[{"tags":{"zone":"eu","host":"web-1","Az":"x"},"points":[[-0,1000],[null,2000],[1.5,3000],[null,4000]],"name":"cpu"}],"refId":"B","meta":{"executedQuery":"q","rows":3}},
  "A":{"tables":[{"columns":[{"text":"time"},{"text":"big"},{"text":"raw"},{"text":"ok"},{"text":"note"},{"text":"neg"}],
    "rows":[[1000,9007199254740993,"AAH/",true,"é\\"\\n",-0],[2000,null,null,false,null,null]]}],"refId":"A"}
}}`;

describe("convert --to tsdb and the gateway write the same tsdb JSON", () => {
  let gw: RunningGateway;
  let body: string;
  before(async () => {
    gw = await startGateway(["--handler", join(root, "dist/test/handlers/echo-legacy.js")]);
    const answer = await post(`${gw.url}/api/tsdb/query`, request);
    assert.equal(answer.status, 400, answer.text);
    body = answer.text;
  });
  after(async () => assert.equal(await gw.stop(), 0));

  test("the gateway writes Go's order, sorted tags and -0", () => {
    assert.match(body, /^\{"results":\{"A":\{"refId":"A",/);
    assert.ok(
      body.includes(
        '"series":[{"name":"cpu","points":[[-0,1000],[null,2000],[1.5,3000],[null,4000]],"tags":{"Az":"x","host":"web-1","zone":"eu"}}]',
      ),
      body,
    );
    assert.ok(body.includes('[1000,9007199254740993,"AAH/",true,"é\\"\\n",-0]'), body);
    assert.ok(body.endsWith(',"message":"upstream down"}'), body);
  });

  test("convert writes the gateway's bytes from the same answer in another order", () => {
    const run = convert(["--to", "tsdb"], legacyResponse);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${body}\n`);
    assert.equal(run.stderr, "");
  });

  test("convert writes the gateway's bytes when it reads them", () => {
    const run = convert(["--to", "tsdb"], body);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${body}\n`);
  });
});
