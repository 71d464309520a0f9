/**
 * Where spans go, read from the environment: in plugin mode the OTLP settings Grafana passes
 * to its plugins (docs/monitoring.md#tracing), on the gateway its flags and the standard
 * OTEL_* variables. No settings, no export: then only the trace context is passed on.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Propagation, parsePropagation } from "./trace-context.js";

export type SamplerKind = "always" | "never" | "ratio" | "rate";

export interface SamplerSettings {
  readonly kind: SamplerKind;
  /** The ratio (0..1) of `ratio`, or spans per second of `rate`. */
  readonly param: number;
  /** Follow the caller's sampling decision when it sent one. */
  readonly parentBased: boolean;
}

export interface ExportSettings {
  /** The collector: `http://host:port` for gRPC, a full URL for HTTP. */
  readonly url: string;
  readonly protocol: "grpc" | "http/protobuf";
  readonly sampler: SamplerSettings;
  readonly serviceName: string;
  readonly serviceVersion: string;
  /** Where the settings came from, for the log line that says tracing is on. */
  readonly source: string;
}

export interface TraceSettings {
  readonly propagation: readonly Propagation[];
  /** Absent: no spans are made or sent. */
  readonly export?: ExportSettings;
  /** What was wrong with the settings; each is logged, none stops the shim. */
  readonly problems: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const set = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== "";

/**
 * Plugin mode: Grafana 9.5+ passes `GF_INSTANCE_OTLP_*` to a plugin whose tracing is on;
 * Grafana's own `GF_TRACING_OPENTELEMETRY_OTLP_*` (which go-plugin passes on with the rest of
 * Grafana's environment) are read when those are absent.
 */
export function pluginTraceSettings(
  env: Env,
  defaults: { serviceName: () => string; serviceVersion: string },
): TraceSettings {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true")
    return {
      propagation: parsePropagation(env.GF_INSTANCE_OTLP_PROPAGATION).formats,
      problems: [],
    };
  const current = set(env.GF_INSTANCE_OTLP_ADDRESS);
  const address = current
    ? env.GF_INSTANCE_OTLP_ADDRESS
    : env.GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS;
  const propagationText = current
    ? env.GF_INSTANCE_OTLP_PROPAGATION
    : env.GF_TRACING_OPENTELEMETRY_OTLP_PROPAGATION;
  const { formats, unknown } = parsePropagation(set(address) ? propagationText : undefined);
  const problems = unknown.map((name) => `unknown trace propagation "${name}" (w3c, jaeger)`);
  if (!set(address)) return { propagation: formats, problems };
  const sampler = grafanaSampler(env, problems);
  return {
    propagation: formats,
    problems,
    export: {
      url: grpcUrl(address.trim()),
      protocol: "grpc",
      sampler,
      serviceName: set(env.OTEL_SERVICE_NAME) ? env.OTEL_SERVICE_NAME : defaults.serviceName(),
      serviceVersion: set(env.GF_PLUGIN_VERSION) ? env.GF_PLUGIN_VERSION : defaults.serviceVersion,
      source: current ? "GF_INSTANCE_OTLP_ADDRESS" : "GF_TRACING_OPENTELEMETRY_OTLP_ADDRESS",
    },
  };
}

/** Grafana's address is host:port of an OTLP/gRPC receiver without TLS, as the SDK dials it. */
function grpcUrl(address: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`;
}

/** As grafana-plugin-sdk-go reads them: an unreadable param is 1, an empty type is `const`. */
function grafanaSampler(env: Env, problems: string[]): SamplerSettings {
  const type = env.GF_INSTANCE_OTLP_SAMPLER_TYPE?.trim() ?? "";
  const parsed = Number.parseFloat(env.GF_INSTANCE_OTLP_SAMPLER_PARAM ?? "");
  const param = Number.isFinite(parsed) ? parsed : 1;
  switch (type) {
    case "":
    case "const":
      if (param >= 1) return { kind: "always", param, parentBased: true };
      if (param <= 0) return { kind: "never", param, parentBased: true };
      problems.push(`sampler const takes 0 or 1, not ${param}: sampling every trace`);
      return { kind: "always", param: 1, parentBased: true };
    case "probabilistic":
      return { kind: "ratio", param: clamp(param), parentBased: true };
    case "rateLimiting":
      return { kind: "rate", param: Math.max(0, param), parentBased: true };
    case "remote":
      problems.push(
        "the remote (Jaeger) sampler is not supported: sampling by its initial ratio instead",
      );
      return { kind: "ratio", param: clamp(param), parentBased: true };
    default:
      problems.push(`unknown sampler type "${type}": sampling every trace`);
      return { kind: "always", param: 1, parentBased: true };
  }
}

const clamp = (ratio: number) => Math.min(1, Math.max(0, ratio));

export interface GatewayTraceOptions {
  /** `--otlp-endpoint`, or OTEL_EXPORTER_OTLP_ENDPOINT through the same option. */
  readonly endpoint?: string;
  /** `--otlp-protocol`, or OTEL_EXPORTER_OTLP_PROTOCOL. */
  readonly protocol?: "grpc" | "http/protobuf";
}

/**
 * The gateway: `--otlp-endpoint` (flag, else OTEL_EXPORTER_OTLP_ENDPOINT: a base URL to which
 * HTTP adds /v1/traces), OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the URL itself) unless the flag is
 * given, the protocol likewise, OTEL_PROPAGATORS, OTEL_TRACES_SAMPLER(_ARG), OTEL_SERVICE_NAME;
 * OTEL_SDK_DISABLED=true turns span export off. Without an endpoint, no spans.
 */
export function gatewayTraceSettings(
  options: GatewayTraceOptions,
  env: Env,
  serviceVersion: string,
): TraceSettings {
  const problems: string[] = [];
  const propagation = otelPropagators(env.OTEL_PROPAGATORS, problems);
  const fromFlag =
    options.endpoint !== undefined && options.endpoint !== env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const traces = fromFlag ? undefined : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const endpoint = set(traces) ? traces.trim() : options.endpoint?.trim();
  if (!set(endpoint) || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true")
    return { propagation, problems };
  const protocolFlag =
    options.protocol !== undefined && options.protocol !== env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const protocolText = protocolFlag
    ? options.protocol
    : (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? options.protocol);
  const protocol = protocolText?.trim() === "grpc" ? "grpc" : "http/protobuf";
  if (set(protocolText) && !["grpc", "http/protobuf"].includes(protocolText.trim()))
    problems.push(`OTLP protocol "${protocolText}" is not supported: using http/protobuf`);
  const url =
    protocol === "grpc"
      ? grpcUrl(endpoint)
      : set(traces) || /\/v1\/traces\/?$/.test(endpoint)
        ? endpoint
        : `${endpoint.replace(/\/+$/, "")}/v1/traces`;
  return {
    propagation,
    problems,
    export: {
      url,
      protocol,
      sampler: otelSampler(env.OTEL_TRACES_SAMPLER, env.OTEL_TRACES_SAMPLER_ARG, problems),
      serviceName: set(env.OTEL_SERVICE_NAME) ? env.OTEL_SERVICE_NAME : "grafana-shim",
      serviceVersion,
      source: fromFlag
        ? "--otlp-endpoint"
        : set(traces)
          ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
          : "OTEL_EXPORTER_OTLP_ENDPOINT",
    },
  };
}

/** OTEL_PROPAGATORS: `tracecontext` and `jaeger` are read and written; `baggage` and `none` add nothing. */
function otelPropagators(text: string | undefined, problems: string[]): Propagation[] {
  if (!set(text)) return ["w3c"];
  const names = text.split(",").map((n) => n.trim().toLowerCase());
  const formats: Propagation[] = [];
  for (const name of names) {
    if (name === "tracecontext") formats.push("w3c");
    else if (name === "jaeger") formats.push("jaeger");
    else if (name !== "baggage" && name !== "none" && name !== "")
      problems.push(`OTEL_PROPAGATORS: "${name}" is not supported (tracecontext, jaeger)`);
  }
  return formats.length > 0 ? [...new Set(formats)] : ["w3c"];
}

/** OTEL_TRACES_SAMPLER as the OpenTelemetry SDKs read it; parentbased_always_on by default. */
function otelSampler(
  name: string | undefined,
  arg: string | undefined,
  problems: string[],
): SamplerSettings {
  const text = set(name) ? name.trim().toLowerCase() : "parentbased_always_on";
  const parentBased = text.startsWith("parentbased_");
  const kind = parentBased ? text.slice("parentbased_".length) : text;
  const parsed = Number.parseFloat(arg ?? "");
  const ratio = Number.isFinite(parsed) ? clamp(parsed) : 1;
  if (kind === "always_on") return { kind: "always", param: 1, parentBased };
  if (kind === "always_off") return { kind: "never", param: 0, parentBased };
  if (kind === "traceidratio") return { kind: "ratio", param: ratio, parentBased };
  problems.push(`OTEL_TRACES_SAMPLER "${name}" is not supported: using parentbased_always_on`);
  return { kind: "always", param: 1, parentBased: true };
}

/**
 * The plugin's id from the plugin.json of its folder, as the SDK names its service: the
 * folder of the settings file, the working directory, or the executable's folder or the one above.
 */
export function pluginIdNear(places: readonly (string | undefined)[]): string | undefined {
  for (const dir of places) {
    if (dir === undefined) continue;
    try {
      const json = JSON.parse(readFileSync(join(dir, "plugin.json"), "utf8")) as { id?: unknown };
      if (typeof json.id === "string" && json.id !== "") return json.id;
    } catch {
      // no readable plugin.json here
    }
  }
  return undefined;
}

/** The folders pluginIdNear looks in, for plugin mode. */
export function pluginFolders(configFile: string | undefined, executable: string): string[] {
  const exeDir = dirname(executable);
  return [configFile ? dirname(configFile) : undefined, process.cwd(), exeDir, dirname(exeDir)]
    .filter((d): d is string => d !== undefined)
    .filter((d, i, all) => all.indexOf(d) === i);
}
