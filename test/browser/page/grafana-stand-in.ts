/**
 * What Grafana's app gives a plugin page, built on the release's real packages: the modules its
 * loader provides (as AMD modules for RequireJS), a BackendSrv that sends requests with fetch
 * to the page's own origin (where the test server passes /api/ on to the shim's gateway), a
 * TemplateSrv with dashboard variables, a DataSourceSrv, and plugin loading by URL.
 */
import * as emotionCss from "@emotion/css";
import type {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePlugin,
  ScopedVars,
} from "@grafana/data";
import * as grafanaData from "@grafana/data";
import * as grafanaRuntime from "@grafana/runtime";
import * as grafanaUi from "@grafana/ui";
import lodash from "lodash";
import React from "react";
import * as ReactDOM from "react-dom";
import * as ReactDOMClient from "react-dom/client";
import * as rxjs from "rxjs";
import { EMPTY, Observable, of } from "rxjs";

declare const GRAFANA_VERSION: string;

/** The version of the @grafana/* packages this page was built with. */
export const grafanaVersion = GRAFANA_VERSION;

/** What Grafana's loader provides to plugins, by module name. */
export const providedModules: Record<string, unknown> = {
  react: React,
  "react-dom": ReactDOM,
  "@grafana/data": grafanaData,
  "@grafana/ui": grafanaUi,
  "@grafana/runtime": grafanaRuntime,
  rxjs,
  lodash,
  "@emotion/css": emotionCss,
};

interface AmdWindow {
  define(name: string, deps: string[], factory: () => unknown): void;
  require(deps: string[], ok: (...mods: unknown[]) => void, fail: (e: Error) => void): void;
}
const amd = () => globalThis as unknown as AmdWindow;
let defined = false;

/**
 * A plugin's module.js through RequireJS, as Grafana's loader runs it. RequireJS is loaded
 * after this script: with `define.amd` present, UMD builds such as lodash's would register
 * themselves with it instead of being bundled.
 */
export function loadPluginModule(url: string): Promise<Record<string, unknown>> {
  if (!defined) {
    for (const [name, value] of Object.entries(providedModules))
      amd().define(name, [], () => value);
    defined = true;
  }
  return new Promise((resolve, reject) =>
    amd().require([url], (mod) => resolve(mod as Record<string, unknown>), reject),
  );
}

// ---- BackendSrv ----

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly data?: unknown;
}

/** Every request plugins made through getBackendSrv(), in order. */
export const sentRequests: SentRequest[] = [];

interface FetchOptions {
  url: string;
  method?: string;
  data?: unknown;
  params?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function withParams(url: string, params: FetchOptions["params"]): string {
  if (!params) return url;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.append(k, String(v));
  const text = query.toString();
  return text ? `${url}${url.includes("?") ? "&" : "?"}${text}` : url;
}

async function send(options: FetchOptions) {
  const method = (options.method ?? "GET").toUpperCase();
  const url = withParams(options.url, options.params);
  sentRequests.push({ method, url, ...(options.data !== undefined ? { data: options.data } : {}) });
  const body =
    options.data === undefined || method === "GET"
      ? undefined
      : typeof options.data === "string"
        ? options.data
        : JSON.stringify(options.data);
  const answer = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", ...options.headers },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await answer.text();
  let data: unknown = text;
  try {
    data = text === "" ? undefined : JSON.parse(text);
  } catch {}
  const response = {
    data,
    status: answer.status,
    statusText: answer.statusText,
    ok: answer.ok,
    headers: answer.headers,
    redirected: false,
    type: answer.type,
    url,
    config: options,
  };
  // As Grafana's BackendSrv: a non-2xx answer is thrown as a FetchError-shaped object.
  if (!answer.ok) throw { ...response, message: messageOf(data) ?? answer.statusText };
  return response;
}

function messageOf(data: unknown): string | undefined {
  const message = (data as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}

const backendSrv = {
  fetch: (options: FetchOptions) =>
    new Observable((subscriber) => {
      send(options).then(
        (r) => {
          subscriber.next(r);
          subscriber.complete();
        },
        (e) => subscriber.error(e),
      );
    }),
  request: async (options: FetchOptions) => (await send(options)).data,
  datasourceRequest: (options: FetchOptions) => send(options),
  get: async (url: string, params?: FetchOptions["params"]) =>
    (await send({ url, method: "GET", ...(params ? { params } : {}) })).data,
  post: async (url: string, data?: unknown) => (await send({ url, method: "POST", data })).data,
  put: async (url: string, data?: unknown) => (await send({ url, method: "PUT", data })).data,
  patch: async (url: string, data?: unknown) => (await send({ url, method: "PATCH", data })).data,
  delete: async (url: string) => (await send({ url, method: "DELETE" })).data,
  resolveCancelerIfExists: () => undefined,
};

// ---- TemplateSrv ----

/** A dashboard variable: its current value(s). */
export interface Variable {
  readonly name: string;
  readonly value: string | string[];
  readonly type?: string;
}

export interface AdHocFilter {
  readonly key: string;
  readonly operator: string;
  readonly value: string;
}

let variables: Variable[] = [];
let adHocFilters: AdHocFilter[] = [];

const regexEscape = (v: string) => v.replace(/[\\^$*+?.()|[\]{}/]/g, "\\$&");

/** Grafana's variable formats, as its template service applies them. */
const formats: Record<string, (value: string | string[]) => string> = {
  regex: (v) => {
    if (typeof v === "string") return regexEscape(v);
    const escaped = v.map(regexEscape);
    return escaped.length === 1 ? (escaped[0] as string) : `(${escaped.join("|")})`;
  },
  glob: (v) => (typeof v === "string" ? v : v.length === 1 ? (v[0] as string) : `{${v.join(",")}}`),
  pipe: (v) => (typeof v === "string" ? v : v.join("|")),
  csv: (v) => (typeof v === "string" ? v : v.join(",")),
  json: (v) => JSON.stringify(v),
  raw: (v) => (typeof v === "string" ? v : v.join(",")),
};

const variablePattern = /\$(\w+)|\[\[(\w+)(?::(\w+))?\]\]|\${(\w+)(?::(\w+))?}/g;

function replace(
  target?: string,
  scopedVars?: ScopedVars,
  format?: string | ((value: unknown) => string),
): string {
  if (!target) return target ?? "";
  return target.replace(variablePattern, (match, a, b, bFormat, c, cFormat) => {
    const name = (a ?? b ?? c) as string;
    const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
    const value = scoped ?? variables.find((v) => v.name === name)?.value;
    if (value === undefined) return match;
    const chosen = (bFormat ?? cFormat ?? format) as typeof format;
    if (typeof chosen === "function") return chosen(value);
    const formatter = formats[chosen ?? ""] ?? formats.glob;
    return (formatter as (value: string | string[]) => string)(value);
  });
}

const templateSrv = {
  getVariables: () =>
    variables.map((v) => ({
      name: v.name,
      type: v.type ?? "custom",
      current: { text: v.value, value: v.value },
    })),
  replace,
  containsTemplate: (target?: string) => !!target && new RegExp(variablePattern).test(target),
  updateTimeRange: () => undefined,
  // Grafana before 10.3 handed ad hoc filters to datasources this way.
  getAdhocFilters: () => adHocFilters,
};

// ---- Grafana Live ----

/** Channels that answers asked Grafana Live to stream (`meta.channel`), as parsed addresses. */
export const liveSubscriptions: unknown[] = [];

/** Records a subscription and answers with the frame the query answered; streams nothing more. */
const liveSrv = {
  getDataStream(options: { addr: unknown; frame: unknown }) {
    liveSubscriptions.push(options.addr);
    return of({
      data: [grafanaData.dataFrameFromJSON(options.frame as grafanaData.DataFrameJSON)],
    });
  },
  getStream: () => EMPTY,
  getConnectionState: () => of(true),
  getPresence: async () => ({ users: {} }),
  publish: async () => ({}),
};

// ---- DataSourceSrv ----

let datasources: DataSourceInstanceSettings[] = [];
const instances = new Map<string, DataSourceApi>();
let pluginModule: Record<string, unknown> | undefined;
type AnyPlugin = DataSourcePlugin<DataSourceApi>;

function settingsOf(ref: unknown): DataSourceInstanceSettings | undefined {
  if (ref === undefined || ref === null) return datasources[0];
  const key =
    typeof ref === "string"
      ? ref
      : ((ref as { uid?: string }).uid ?? (ref as { name?: string }).name);
  return datasources.find((d) => d.uid === key || d.name === key || String(d.id) === key);
}

/** The plugin's datasource instance for `ref` (uid or name), created once as Grafana does. */
export function datasourceOf(ref: unknown): DataSourceApi {
  const settings = settingsOf(ref);
  if (!settings) throw new Error(`no datasource ${JSON.stringify(ref)}`);
  const known = instances.get(settings.uid);
  if (known) return known;
  const plugin = pluginModule?.plugin as AnyPlugin | undefined;
  if (!plugin?.DataSourceClass) throw new Error("the plugin module exports no datasource plugin");
  const instance = new plugin.DataSourceClass(settings);
  instances.set(settings.uid, instance);
  return instance;
}

const dataSourceSrv = {
  get: async (ref: unknown) => datasourceOf(ref),
  getInstanceSettings: (ref: unknown) => settingsOf(ref),
  getList: () => datasources,
  reload: async () => undefined,
  registerRuntimeDataSource: () => undefined,
};

export interface StandInSetup {
  readonly datasources: DataSourceInstanceSettings[];
  readonly variables?: Variable[];
  readonly adHocFilters?: AdHocFilter[];
}

/** Sets Grafana's services once; variables and filters may be set again later. */
export function startGrafana(setup: StandInSetup): void {
  datasources = setup.datasources;
  setVariables(setup.variables ?? [], setup.adHocFilters ?? []);
  const runtime = grafanaRuntime as unknown as Record<string, (value: unknown) => void>;
  runtime.setBackendSrv?.(backendSrv);
  runtime.setTemplateSrv?.(templateSrv);
  runtime.setDataSourceSrv?.(dataSourceSrv);
  runtime.setGrafanaLiveSrv?.(liveSrv);
}

export function setVariables(next: Variable[], filters: AdHocFilter[] = []): void {
  variables = next;
  adHocFilters = filters;
}

/** Loads the plugin module that answers for every datasource of the page. */
export async function loadPlugin(url: string): Promise<void> {
  pluginModule = await loadPluginModule(url);
  instances.clear();
}

export function pluginOf(): AnyPlugin {
  const plugin = pluginModule?.plugin as AnyPlugin | undefined;
  if (!plugin) throw new Error("no plugin loaded");
  return plugin;
}

/** Renders with the release's React: createRoot where it exists (18+), render before. */
export function renderInto(id: string, element: React.ReactElement): void {
  const container = document.getElementById(id);
  if (!container) throw new Error(`no element #${id}`);
  type Root = { render(e: React.ReactElement): void };
  const holder = container as HTMLElement & { reactRoot?: Root };
  const createRoot = (ReactDOMClient as { createRoot?: (c: Element) => Root }).createRoot;
  if (createRoot) {
    holder.reactRoot ??= createRoot(container);
    holder.reactRoot?.render(element);
  } else {
    (ReactDOM as unknown as { render(e: React.ReactElement, c: Element): void }).render(
      element,
      container,
    );
  }
}
