/**
 * The TypeScript twin of the Go reference plugin (test/go/sdk-v2/cmd/ref-plugin-v2):
 * each query's JSON carries an `answer` spec and the handler returns exactly that,
 * so the same request through both plugins must give the same frames on the wire.
 * Health, resources and streams answer as the spec says. Spec: test/go/ANSWER-SPEC-V2.md.
 */
import { ErrorCode, type ErrorSource, ShimError } from "../../src/errors.js";
import { frameFromJSON } from "../../src/frames/json/frames.js";
import {
  type DataAnswer,
  defineHandler,
  type HealthResult,
  type ResourceRequest,
  type ResourceResponse,
} from "../../src/handler/types.js";
import type { DataQuery, DataRequest, PluginContext } from "../../src/model/data.js";
import type { Field, FieldType, Frame } from "../../src/model/frame.js";

type Spec = Record<string, unknown>;

interface GenerateSpec {
  readonly name?: string;
  readonly rows: number;
  readonly fields: readonly { type: string; name?: string; nullable?: boolean }[];
}

/** The value of row i per type (ANSWER-SPEC-V2.md, generated frames). */
const generators: Record<string, (i: number) => unknown> = {
  time: (i) => 1700000000000 + i * 1000,
  int64: (i) => BigInt(i - 50000) * 100000007n,
  float64: (i) => i * 0.25 - 1000,
  string: (i) => `row-${i}`,
  bool: (i) => i % 3 === 0,
};

function generateFrame(spec: GenerateSpec): Frame {
  const fields = spec.fields.map((f): Field => {
    const generate = generators[f.type];
    if (!generate) throw new Error(`generate: unknown field type ${JSON.stringify(f.type)}`);
    const nullable = f.nullable === true;
    const values = Array.from({ length: spec.rows }, (_, i) =>
      nullable && i % 10 === 9 ? null : generate(i),
    );
    return { name: f.name ?? f.type, type: f.type as FieldType, nullable, values } as Field;
  });
  return { name: spec.name ?? "", fields };
}

const userAgentForm =
  /^Grafana\/([0-9]+\.[0-9]+\.[0-9]+(?:[^\s]+)?) \(([a-zA-Z0-9]+); ([a-zA-Z0-9]+)\)$/;

/** The plugin context as the handler sees it, normalised as the spec says. */
function pluginContextEcho(pc: PluginContext): Spec {
  const { user, datasource: ds, app } = pc;
  return {
    orgId: pc.orgId,
    pluginId: pc.pluginId,
    pluginVersion: pc.pluginVersion,
    apiVersion: pc.apiVersion,
    namespace: pc.namespace,
    userAgent: userAgentForm.test(pc.userAgent) ? pc.userAgent : "",
    user: user ? { login: user.login, name: user.name, email: user.email, role: user.role } : null,
    datasource: ds
      ? {
          id: ds.id,
          uid: ds.uid,
          type: ds.type,
          name: ds.name,
          url: ds.url,
          user: ds.user,
          database: ds.database,
          basicAuthEnabled: ds.basicAuthEnabled,
          basicAuthUser: ds.basicAuthUser,
          jsonData: ds.jsonData,
          decryptedSecureJsonData: ds.decryptedSecureJsonData,
          updatedMs: ds.updatedMs,
          apiVersion: ds.apiVersion,
        }
      : null,
    app: app
      ? {
          jsonData: app.jsonData,
          decryptedSecureJsonData: app.decryptedSecureJsonData,
          updatedMs: app.updatedMs,
          apiVersion: app.apiVersion,
        }
      : null,
    grafanaConfig: pc.grafanaConfig,
  };
}

function echoFrame(query: DataQuery, request: DataRequest): Frame {
  const echo = {
    refId: query.refId,
    queryType: query.queryType,
    maxDataPoints: query.maxDataPoints,
    intervalMs: query.intervalMs,
    timeRange: { fromMs: query.timeRange.fromMs, toMs: query.timeRange.toMs },
    json: query.json,
    format: request.format,
    headers: request.headers,
    queryCount: request.queries.length,
    pluginContext: pluginContextEcho(request.pluginContext),
  };
  return {
    name: "echo",
    meta: { custom: echo },
    fields: [{ name: "refId", type: "string", nullable: false, values: [query.refId] }],
  };
}

/** Frames are objects or strings of frame JSON; strings keep 64-bit integers exact. */
function answerFrames(answer: Spec): Frame[] {
  const given = ((answer.frames ?? []) as unknown[]).map((item) => frameFromJSON(item));
  const generated = ((answer.generate ?? []) as GenerateSpec[]).map(generateFrame);
  return [...given, ...generated];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

function healthOf(pc: PluginContext, headers: Readonly<Record<string, string>>): HealthResult {
  const spec = pc.datasource?.jsonData.health as Spec | undefined;
  if (spec && typeof spec === "object") {
    const status = spec.status as HealthResult["status"];
    const result = { status, message: String(spec.message ?? "") };
    return spec.details === undefined ? result : { ...result, details: spec.details };
  }
  return {
    status: "ok",
    message: "echo ok",
    details: { pluginContext: pluginContextEcho(pc), headers },
  };
}

const alphabet = "abcdefghijklmnopqrstuvwxyz";

function jsonAnswer(status: number, body: unknown): ResourceResponse {
  return { status, headers: { "Content-Type": ["application/json"] }, body: JSON.stringify(body) };
}

/** Routes by path (ANSWER-SPEC-V2.md, CallResource). */
function answerResource(req: ResourceRequest, pc: PluginContext): ResourceResponse {
  const { path } = req;
  if (path === "echo" || path.startsWith("echo/")) {
    return jsonAnswer(200, {
      method: req.method,
      path: req.path,
      url: req.url,
      headers: req.headers,
      body: Buffer.from(req.body).toString("utf8"),
      pluginContext: pluginContextEcho(pc),
    });
  }
  const status = /^status\/(\d+)$/.exec(path);
  if (status) return jsonAnswer(Number(status[1]), { status: Number(status[1]) });
  const bytes = /^bytes\/(\d+)$/.exec(path);
  if (bytes) {
    const body = new Uint8Array(Number(bytes[1]));
    for (let i = 0; i < body.length; i++) body[i] = alphabet.charCodeAt(i % alphabet.length);
    return { status: 200, headers: { "Content-Type": ["text/plain"] }, body };
  }
  return jsonAnswer(404, { error: "not found", path });
}

function counterFrame(i: number): Frame {
  return {
    name: "counter",
    fields: [
      { name: "time", type: "time", nullable: false, values: [1700000000000 + i * 1000] },
      { name: "value", type: "int64", nullable: false, values: [BigInt(i)] },
    ],
  };
}

export default defineHandler({
  style: "frames",
  name: "echo-frames",
  async queryData(query, ctx) {
    const answer = (query.json.answer ?? {}) as Spec;
    if (typeof answer.sleepMs === "number") await sleep(answer.sleepMs, ctx.signal);
    const frames = answerFrames(answer);
    if (answer.echo === true) frames.push(echoFrame(query, ctx.request));
    const result: { -readonly [K in keyof DataAnswer]: DataAnswer[K] } = { frames };
    if (typeof answer.error === "string") result.error = answer.error;
    if (typeof answer.status === "number") result.status = answer.status;
    if (typeof answer.errorSource === "string")
      result.errorSource = answer.errorSource as ErrorSource;
    return result;
  },
  checkHealth(ctx) {
    return healthOf(ctx.pluginContext, ctx.headers);
  },
  callResource(req, ctx) {
    return answerResource(req, ctx.pluginContext);
  },
  streams: {
    subscribe(req) {
      return { ok: req.path === "counter" };
    },
    publish(req) {
      return req.path === "echo" ? { ok: true, data: req.data } : { ok: false };
    },
    async run(req, send, ctx) {
      if (req.path !== "counter")
        throw new ShimError(ErrorCode.NotFound, `no stream ${JSON.stringify(req.path)}`);
      const settings = (req.data ?? {}) as Spec;
      const intervalMs = typeof settings.intervalMs === "number" ? settings.intervalMs : 20;
      for (let i = 0; !ctx.signal.aborted; i++) {
        await send(counterFrame(i));
        await sleep(intervalMs, ctx.signal);
      }
    },
  },
});
