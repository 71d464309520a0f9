/** Where spans go: Grafana's plugin variables (current and older names) and the gateway's OTEL_* settings. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  gatewayTraceSettings,
  pluginIdNear,
  pluginTraceSettings,
} from "../../../src/tracing/settings.js";

const defaults = { serviceName: () => "my-plugin", serviceVersion: "0.1.0" };

test("plugin mode: nothing set, no export and W3C propagation", () => {
  assert.deepEqual(pluginTraceSettings({}, defaults), { propagation: ["w3c"], problems: [] });
});

test("plugin mode: GF_INSTANCE_OTLP_* as current Grafana passes them", () => {
  const settings = pluginTraceSettings(
    {
      GF_INSTANCE_OTLP_ADDRESS: "collector:4317",
      GF_INSTANCE_OTLP_PROPAGATION: "w3c,jaeger",
      GF_INSTANCE_OTLP_SAMPLER_TYPE: "probabilistic",
      GF_INSTANCE_OTLP_SAMPLER_PARAM: "0.250000",
      GF_PLUGIN_VERSION: "2.0.0",
    },
    defaults,
  );
  assert.deepEqual(settings.propagation, ["w3c", "jaeger"]);
  assert.deepEqual(settings.export, {
    url: "http://collector:4317",
    protocol: "grpc",
    sampler: { kind: "ratio", param: 0.25, parentBased: true },
    serviceName: "my-plugin",
    serviceVersion: "2.0.0",
    source: "GF_INSTANCE_OTLP_ADDRESS",
  });
});

test("plugin mode: Grafana 9.5-10.x passed only address and propagation: every trace sampled", () => {
  const settings = pluginTraceSettings(
    { GF_INSTANCE_OTLP_ADDRESS: "127.0.0.1:4317", GF_INSTANCE_OTLP_PROPAGATION: "" },
    defaults,
  );
  assert.deepEqual(settings.export?.sampler, { kind: "always", param: 1, parentBased: true });
  assert.deepEqual(settings.problems, []);
});

test("plugin mode: Grafana's own GF_TRACING_OPENTELEMETRY_OTLP_* when GF_INSTANCE_* are absent", () => {
  const older = pluginTraceSettings(
    {
      GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS: "tempo:4317",
      GF_TRACING_OPENTELEMETRY_OTLP_PROPAGATION: "jaeger",
    },
    defaults,
  );
  assert.equal(older.export?.url, "http://tempo:4317");
  assert.equal(older.export?.source, "GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS");
  assert.deepEqual(older.propagation, ["jaeger"]);
  const both = pluginTraceSettings(
    { GF_INSTANCE_OTLP_ADDRESS: "new:4317", GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS: "old:4317" },
    defaults,
  );
  assert.equal(both.export?.url, "http://new:4317", "the current name wins");
  const off = pluginTraceSettings(
    { GF_INSTANCE_OTLP_ADDRESS: "new:4317", OTEL_SDK_DISABLED: "true" },
    defaults,
  );
  assert.equal(off.export, undefined);
});

test("plugin mode: samplers as the SDK reads them; what it cannot do is a problem, not a stop", () => {
  const sampler = (type: string, param: string) =>
    pluginTraceSettings(
      {
        GF_INSTANCE_OTLP_ADDRESS: "c:4317",
        GF_INSTANCE_OTLP_SAMPLER_TYPE: type,
        GF_INSTANCE_OTLP_SAMPLER_PARAM: param,
      },
      defaults,
    );
  assert.equal(sampler("const", "0.000000").export?.sampler.kind, "never");
  assert.equal(sampler("const", "1.000000").export?.sampler.kind, "always");
  assert.equal(sampler("", "not a number").export?.sampler.kind, "always");
  assert.deepEqual(sampler("rateLimiting", "5").export?.sampler, {
    kind: "rate",
    param: 5,
    parentBased: true,
  });
  const remote = sampler("remote", "0.1");
  assert.deepEqual(remote.export?.sampler, { kind: "ratio", param: 0.1, parentBased: true });
  assert.match(remote.problems[0] ?? "", /remote \(Jaeger\) sampler is not supported/);
  assert.match(sampler("weird", "1").problems[0] ?? "", /unknown sampler type "weird"/);
  assert.match(sampler("const", "0.5").problems[0] ?? "", /const takes 0 or 1/);
});

test("gateway: no endpoint, no export; OTEL_PROPAGATORS picks the formats", () => {
  assert.deepEqual(gatewayTraceSettings({}, {}, "1"), { propagation: ["w3c"], problems: [] });
  const jaeger = gatewayTraceSettings({}, { OTEL_PROPAGATORS: "jaeger,baggage" }, "1");
  assert.deepEqual(jaeger.propagation, ["jaeger"]);
  const b3 = gatewayTraceSettings({}, { OTEL_PROPAGATORS: "b3" }, "1");
  assert.match(b3.problems[0] ?? "", /"b3" is not supported/);
});

test("gateway: --otlp-endpoint and the OTEL_EXPORTER_OTLP_* endpoints, as the spec composes them", () => {
  const flag = gatewayTraceSettings({ endpoint: "http://c:4318" }, {}, "1");
  assert.equal(flag.export?.url, "http://c:4318/v1/traces");
  assert.equal(flag.export?.protocol, "http/protobuf");
  assert.equal(flag.export?.source, "--otlp-endpoint");
  const full = gatewayTraceSettings({ endpoint: "http://c:4318/v1/traces" }, {}, "1");
  assert.equal(full.export?.url, "http://c:4318/v1/traces");
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://base:4318/" };
  const fromEnv = gatewayTraceSettings({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }, env, "1");
  assert.equal(fromEnv.export?.url, "http://base:4318/v1/traces");
  const traces = { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:9999/custom" };
  const specific = gatewayTraceSettings({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }, traces, "1");
  assert.equal(
    specific.export?.url,
    "http://t:9999/custom",
    "the traces endpoint is the URL itself",
  );
  const flagWins = gatewayTraceSettings({ endpoint: "http://flag:4318" }, traces, "1");
  assert.equal(flagWins.export?.url, "http://flag:4318/v1/traces");
  const grpc = gatewayTraceSettings({ endpoint: "c:4317", protocol: "grpc" }, {}, "1");
  assert.deepEqual([grpc.export?.url, grpc.export?.protocol], ["http://c:4317", "grpc"]);
  const disabled = gatewayTraceSettings(
    { endpoint: "http://c:4318" },
    { OTEL_SDK_DISABLED: "true" },
    "1",
  );
  assert.equal(disabled.export, undefined);
});

test("gateway: OTEL_TRACES_SAMPLER and its argument", () => {
  const sampler = (name: string, arg?: string) =>
    gatewayTraceSettings(
      { endpoint: "http://c:4318" },
      { OTEL_TRACES_SAMPLER: name, ...(arg ? { OTEL_TRACES_SAMPLER_ARG: arg } : {}) },
      "1",
    ).export?.sampler;
  assert.deepEqual(sampler(""), { kind: "always", param: 1, parentBased: true });
  assert.deepEqual(sampler("always_off"), { kind: "never", param: 0, parentBased: false });
  assert.deepEqual(sampler("parentbased_traceidratio", "0.5"), {
    kind: "ratio",
    param: 0.5,
    parentBased: true,
  });
  assert.deepEqual(sampler("traceidratio", "7"), { kind: "ratio", param: 1, parentBased: false });
});

test("the plugin's id comes from the plugin.json of its folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "plugin-json-"));
  const empty = mkdtempSync(join(tmpdir(), "plugin-json-"));
  writeFileSync(join(dir, "plugin.json"), JSON.stringify({ id: "acme-sj-datasource" }));
  assert.equal(pluginIdNear([empty, dir]), "acme-sj-datasource");
  assert.equal(pluginIdNear([empty, undefined]), undefined);
});
