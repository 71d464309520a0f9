/**
 * Writes test/fixtures/simplejson/old-plugin-requests.json: what the old Go plugin sends to a
 * Simple JSON server for each case of old-plugin-cases.ts, through host-v101 (Grafana 6).
 * Run by hand with the plugin built from its source, never by CI:
 *
 *   node dist/test/simplejson/old-plugin-record.js --plugin <simple-json-plugin> --commit <sha>
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { cleanEnv } from "../clean-env.js";
import { startOldPluginServer } from "../simple-json-servers/old-plugin-server.js";
import { runHost } from "./hosts.js";
import {
  fixtureFile,
  type OldPluginFixture,
  oldPluginCases,
  type RecordedCase,
  v1RequestOf,
} from "./old-plugin-cases.js";

const { values } = parseArgs({
  options: { plugin: { type: "string" }, commit: { type: "string" } },
});
if (!values.plugin || !values.commit) {
  process.stderr.write(
    "usage: old-plugin-record.js --plugin <simple-json-plugin> --commit <sha>\n",
  );
  process.exit(2);
}

const server = await startOldPluginServer();
try {
  const requests = oldPluginCases.map((c) => v1RequestOf(c, server.urlOf(c.name)));
  const report = await runHost("host-v101", values.plugin, requests, [], cleanEnv());
  const cases: RecordedCase[] = oldPluginCases.map((c, i) => {
    const result = report.results[i];
    if (!result?.response)
      throw new Error(`${c.name}: the plugin failed: ${JSON.stringify(result)}`);
    return { ...c, received: server.received(c.name) };
  });
  const fixture: OldPluginFixture = {
    comment:
      'What simple-json-backend-datasource 1.0 sent to the Simple JSON server for each request Grafana 6 gave it (cases of test/simplejson/old-plugin-cases.ts through host-v101). The reference for requestCompat "backend-1.0": test/simplejson/old-plugin-requests.test.ts sends the same requests through the shim and compares what the server receives. Written by test/simplejson/old-plugin-record.ts, by hand only.',
    source: {
      repository: "https://github.com/grafana/simple-json-backend-datasource",
      commit: values.commit,
      build:
        "go build ./pkg in GOPATH mode (GO111MODULE=off) with the repository's own vendor/ tree: the module is not served by the Go module proxy, nor are the grafana_plugin_model and go-plugin revisions its Gopkg.lock pins",
      host: "host-v101 (go-plugin v1.0.1, grafana-plugin-model: Grafana 6.5-7)",
    },
    cases,
  };
  writeFileSync(fixtureFile, `${JSON.stringify(fixture, null, 2)}\n`);
  process.stdout.write(`wrote ${fixtureFile}: ${cases.length} cases\n`);
} finally {
  await server.close();
}
