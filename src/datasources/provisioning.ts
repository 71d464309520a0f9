/**
 * Datasources from Grafana's own provisioning files (`apiVersion: 1`,
 * `datasources: [...]`), a file or a folder of `*.yaml`/`*.yml` like Grafana's
 * provisioning/datasources, so existing files work as they are.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ErrorCode, messageOf, ShimError } from "../errors.js";
import type { Datasource } from "./datasource.js";
import type { Env } from "./expand-env.js";
import { checkDatasources } from "./provisioning-checks.js";
import { EntryReader, type Problem } from "./provisioning-fields.js";

type Json = Record<string, unknown>;

/** Reads every provisioning file under `path`; throws one ShimError listing every problem. */
export function loadProvisioning(path: string, env: Env): Datasource[] {
  const problems: Problem[] = [];
  const entries: Omit<Datasource, "id">[] = [];
  const ids: (number | undefined)[] = [];
  for (const file of provisioningFiles(path)) {
    for (const { entry, id } of readFile(file, env, problems)) {
      entries.push(entry);
      ids.push(id);
    }
  }
  const datasources = assignIds(entries, ids);
  problems.push(...checkDatasources(datasources));
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
    throw new ShimError(ErrorCode.InvalidArgument, `invalid datasource provisioning: ${list}`);
  }
  return datasources;
}

function provisioningFiles(path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(path, name));
  } catch (thrown) {
    const reason = messageOf(thrown);
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `cannot read datasources from ${path}: ${reason}`,
    );
  }
}

function readFile(file: string, env: Env, problems: Problem[]) {
  let typed: unknown;
  let text: unknown;
  try {
    const source = readFileSync(file, "utf8");
    // Grafana reads YAML 1.1 (gopkg.in/yaml.v2); the text-only parse keeps scalars as written.
    typed = parse(source, { version: "1.1" });
    text = parse(source, { version: "1.1", schema: "failsafe" });
  } catch (thrown) {
    problems.push({
      path: file,
      message: messageOf(thrown),
    });
    return [];
  }
  const list = (typed as Json | null)?.datasources;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.push({ path: `${file}: datasources`, message: "must be a list" });
    return [];
  }
  const texts = ((text as Json).datasources ?? []) as unknown[];
  return list.map((entry, i) => {
    const reader = new EntryReader(
      (entry ?? {}) as Json,
      (texts[i] ?? {}) as Json,
      `${file}: datasources[${i}]`,
      env,
    );
    const out = {
      entry: toDatasource(reader),
      id: reader.has("id") ? reader.int("id", 0) : undefined,
    };
    problems.push(...reader.problems);
    return out;
  });
}

function toDatasource(r: EntryReader): Omit<Datasource, "id"> {
  const name = r.string("name");
  const orgId = r.int("orgId", 1);
  const secrets = r.stringMap("secureJsonData");
  // Grafana's deprecated top-level secrets end up in secureJsonData too.
  for (const key of ["password", "basicAuthPassword"]) {
    if (r.has(key) && secrets[key] === undefined) secrets[key] = r.string(key);
  }
  return {
    uid: r.string("uid") || generatedUid(orgId, name),
    orgId,
    name,
    type: r.string("type"),
    access: r.string("access") === "direct" ? "direct" : "proxy",
    url: r.string("url"),
    user: r.string("user"),
    database: r.string("database"),
    basicAuthEnabled: r.bool("basicAuth"),
    basicAuthUser: r.string("basicAuthUser"),
    withCredentials: r.bool("withCredentials"),
    isDefault: r.bool("isDefault"),
    jsonData: r.jsonData("jsonData"),
    decryptedSecureJsonData: secrets,
    readOnly: !r.bool("editable"),
    version: r.int("version", 1),
    updatedMs: 0,
    apiVersion: r.string("apiVersion"),
  };
}

/** Grafana makes a random uid; a stable one keeps scripts and dashboards working across restarts. */
function generatedUid(orgId: number, name: string): string {
  return `ds-${createHash("sha256").update(`${orgId}/${name}`).digest("hex").slice(0, 12)}`;
}

function assignIds(
  entries: readonly Omit<Datasource, "id">[],
  ids: readonly (number | undefined)[],
): Datasource[] {
  const used = new Set(ids.filter((id) => id !== undefined));
  let next = 1;
  return entries.map((entry, i) => {
    let id = ids[i];
    if (id === undefined) {
      while (used.has(next)) next++;
      id = next++;
    }
    return { ...entry, id };
  });
}
