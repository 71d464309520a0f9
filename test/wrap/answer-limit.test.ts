/**
 * Wrap mode takes a bounded answer from the wrapped plugin: with
 * GRAFANA_SHIM_WRAP_MAX_ANSWER_MIB=1, the built gateway wrapping the Go reference plugin
 * (protocol 2) answers a small query and fails one whose answer message is larger, with an
 * error naming the setting; the shim keeps serving.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { post, type RunningGateway, root, startGateway } from "../http/gateway.js";

let gw: RunningGateway;
before(async () => {
  gw = await startGateway(["--handler", "wrap"], {
    GRAFANA_SHIM_WRAP_PLUGIN: join(root, "test/.bin/ref-plugin-v2"),
    GRAFANA_SHIM_WRAP_PROTOCOL: "2",
    GRAFANA_SHIM_WRAP_MAX_ANSWER_MIB: "1",
  });
});
after(async () => {
  await gw?.stop();
});

/** One generated frame of `rows` rows (time and float64): about 16 bytes a row as Arrow. */
function ask(rows: number) {
  const answer = { generate: [{ rows, fields: [{ type: "time" }, { type: "float64" }] }] };
  return post(`${gw.url}/api/ds/query`, {
    from: "1700000000000",
    to: "1700003600000",
    queries: [{ refId: "A", datasourceId: 1, answer }],
  });
}

test("an answer over the limit fails its query; a smaller one is answered", async () => {
  const big = await ask(200_000);
  assert.equal(big.status, 400);
  assert.match(
    big.json.results.A.error,
    /^the wrapped plugin .*ref-plugin-v2 answered more than the shim takes from it \(.*larger than max.*\); ask for less data or raise maxAnswerMiB \(GRAFANA_SHIM_WRAP_MAX_ANSWER_MIB\)$/,
  );
  const small = await ask(1_000);
  assert.equal(small.status, 200);
  assert.equal(small.json.results.A.frames[0].data.values[0].length, 1_000);
});
