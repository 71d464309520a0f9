/** Runs the real Go hosts (test/.bin) and the HTTP gateway against a plugin executable. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../clean-env.js";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const binDir = join(root, "test/.bin");
export const shim = join(root, "bin/grafana-shim");

// biome-ignore lint/suspicious/noExplicitAny: host reports are read field by field in assertions
export type Json = Record<string, any>;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs a host with a requests file; resolves to its JSON report. */
export function runHost(
  host: string,
  plugin: string,
  requests: unknown,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<Json> {
  const dir = tempDir("sj-host-");
  const requestsFile = join(dir, "requests.json");
  const out = join(dir, "report.json");
  writeFileSync(requestsFile, JSON.stringify(requests));
  const all = [
    ...args,
    "-plugin",
    plugin,
    "-requests",
    requestsFile,
    "-out",
    out,
    "-timeout",
    "40s",
  ];
  return new Promise((resolve, reject) => {
    execFile(
      join(binDir, host),
      all,
      { env: { ...env, TMPDIR: dir }, timeout: 60_000 },
      (error, _o, stderr) => {
        if (error) reject(new Error(`${host} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(readFileSync(out, "utf8")) as Json);
      },
    );
  });
}

/** What every query of a request asks for besides its model. */
export interface QueryLimits {
  readonly maxDataPoints: string;
  readonly intervalMs: string;
}

const usual: QueryLimits = { maxDataPoints: "100", intervalMs: "60000" };

/** A protocol-1 DatasourceRequest in the proto's JSON names (jsonData and models as text). */
export function v1Request(
  url: string,
  fromMs: number,
  toMs: number,
  queries: readonly Json[],
  jsonData: Json = {},
  limits: QueryLimits = usual,
): Json {
  return {
    timeRange: {
      fromRaw: String(fromMs),
      toRaw: String(toMs),
      fromEpochMs: String(fromMs),
      toEpochMs: String(toMs),
    },
    datasource: {
      id: "7",
      orgId: "1",
      name: "Simple JSON",
      type: "grafana-simple-json-backend-datasource",
      url,
      jsonData: JSON.stringify(jsonData),
      decryptedSecureJsonData: {},
    },
    queries: queries.map((q) => ({
      refId: q.refId,
      maxDataPoints: limits.maxDataPoints,
      intervalMs: limits.intervalMs,
      modelJson: JSON.stringify(q),
    })),
  };
}

/** A QueryDataRequest as host-v2 reads it (json and jsonData as objects). */
export function v2Request(
  url: string,
  uid: string,
  fromMs: number,
  toMs: number,
  queries: readonly Json[],
  jsonData: Json = {},
  limits: QueryLimits = usual,
): Json {
  return {
    pluginContext: {
      orgId: "1",
      pluginId: "grafana-simple-json-backend-datasource",
      dataSourceInstanceSettings: {
        id: "7",
        uid,
        name: "Simple JSON",
        url,
        jsonData,
        decryptedSecureJsonData: {},
      },
    },
    queries: queries.map((q) => ({
      refId: q.refId,
      queryType: typeof q.queryType === "string" ? q.queryType : "",
      maxDataPoints: limits.maxDataPoints,
      intervalMS: limits.intervalMs,
      timeRange: { fromEpochMS: String(fromMs), toEpochMS: String(toMs) },
      json: q,
    })),
  };
}
