/**
 * A test page for a datasource plugin, as Grafana's pages use it: its settings page, its query
 * editor (whose "run query" runs the query and shows the answer below it, as a panel would),
 * annotations, variables and ad hoc filter calls. Tests drive it through `window.harness`.
 */
import type {
  AnnotationQuery,
  DataFrame,
  DataQuery,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceSettings,
} from "@grafana/data";
import { dataFrameToJSON, dateTime } from "@grafana/data";
import { getTemplateSrv } from "@grafana/runtime";
import { Alert } from "@grafana/ui";
import React, { useState } from "react";
import { isObservable, lastValueFrom, type Observable } from "rxjs";
import {
  type AdHocFilter,
  datasourceOf,
  grafanaVersion,
  liveSubscriptions,
  loadPlugin,
  pluginOf,
  renderInto,
  sentRequests,
  setVariables,
  startGrafana,
  type Variable,
} from "./grafana-stand-in";

export interface Range {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface RunOptions {
  readonly maxDataPoints?: number;
  readonly intervalMs?: number;
  readonly filters?: AdHocFilter[];
}

/** A query's answer as plain JSON: frames as frame JSON, errors as given. */
export interface Answer {
  readonly frames: unknown[];
  readonly errors: { refId?: string; message?: string; status?: number }[];
}

let configOptions: DataSourceSettings | undefined;
let editedQuery: DataQuery | undefined;
let queryRuns = 0;
let lastRange: Range = { fromMs: Date.now() - 3_600_000, toMs: Date.now() };

function request(targets: DataQuery[], range: Range, options: RunOptions): DataQueryRequest {
  const from = dateTime(range.fromMs);
  const to = dateTime(range.toMs);
  const intervalMs = options.intervalMs ?? 30_000;
  return {
    requestId: `test-${Date.now()}`,
    app: "dashboard",
    interval: `${intervalMs / 1000}s`,
    intervalMs,
    maxDataPoints: options.maxDataPoints ?? 100,
    range: { from, to, raw: { from, to } },
    rangeRaw: { from, to },
    scopedVars: {},
    targets,
    timezone: "utc",
    startTime: Date.now(),
    ...(options.filters ? { filters: options.filters } : {}),
  } as unknown as DataQueryRequest;
}

function toPromise(
  result: Observable<DataQueryResponse> | Promise<DataQueryResponse>,
): Promise<DataQueryResponse> {
  return isObservable(result) ? lastValueFrom(result) : result;
}

async function answerOf(response: Promise<DataQueryResponse>): Promise<Answer> {
  try {
    const r = await response;
    const errors = [...(r.errors ?? []), ...(r.error && !r.errors ? [r.error] : [])];
    return {
      frames: (r.data as DataFrame[]).map((f) => dataFrameToJSON(f)),
      errors: errors.map((e) => ({
        ...(e.refId !== undefined ? { refId: e.refId } : {}),
        ...(e.message !== undefined ? { message: e.message } : {}),
        ...(e.status !== undefined ? { status: e.status } : {}),
      })),
    };
  } catch (thrown) {
    return { frames: [], errors: [{ message: String((thrown as Error)?.message ?? thrown) }] };
  }
}

async function runQuery(
  uid: string,
  targets: DataQuery[],
  range: Range,
  options: RunOptions = {},
): Promise<Answer> {
  const ds = datasourceOf(uid);
  const answer = await answerOf(toPromise(ds.query(request(targets, range, options))));
  renderInto("answer", <AnswerView answer={answer} />);
  return answer;
}

function ConfigPage({ initial }: { initial: DataSourceSettings }) {
  const [options, setOptions] = useState(initial);
  const Editor = pluginOf().components.ConfigEditor;
  if (!Editor) return <Alert title="The plugin has no ConfigEditor" severity="error" />;
  const onOptionsChange = (next: DataSourceSettings) => {
    configOptions = next;
    setOptions(next);
  };
  return <Editor options={options} onOptionsChange={onOptionsChange} />;
}

function QueryPage({ uid, initial }: { uid: string; initial: DataQuery }) {
  const [query, setQuery] = useState(initial);
  const Editor = pluginOf().components.QueryEditor;
  if (!Editor) return <Alert title="The plugin has no QueryEditor" severity="error" />;
  const datasource = datasourceOf(uid) as DataSourceApi;
  return (
    <Editor
      datasource={datasource}
      query={query}
      onChange={(next: DataQuery) => {
        editedQuery = next;
        setQuery(next);
      }}
      onRunQuery={() => {
        queryRuns++;
        if (editedQuery) void runQuery(uid, [editedQuery], lastRange);
      }}
    />
  );
}

function AnnotationPage({ uid, annotation }: { uid: string; annotation: AnnotationQuery }) {
  const [anno, setAnno] = useState(annotation);
  const support = datasourceOf(uid).annotations;
  const Editor = support?.QueryEditor;
  if (!Editor || !anno.target) return <Alert title="No annotation editor" severity="warning" />;
  return (
    <Editor
      datasource={datasourceOf(uid)}
      query={anno.target}
      annotation={anno}
      onChange={(target: DataQuery) => setAnno({ ...anno, target })}
      onRunQuery={() => undefined}
    />
  );
}

/** Frames as small tables (the first rows), errors as Grafana shows them. */
function AnswerView({ answer }: { answer: Answer }) {
  return (
    <div>
      {answer.errors.map((e) => (
        <Alert
          key={`${e.refId}:${e.message}`}
          title={`Query ${e.refId ?? ""} failed`}
          severity="error"
        >
          {e.message}
        </Alert>
      ))}
      {answer.frames.map((f, i) => {
        const frame = f as {
          schema?: { name?: string; refId?: string; fields?: { name: string }[] };
          data?: { values?: unknown[][] };
        };
        const fields = frame.schema?.fields ?? [];
        const values = frame.data?.values ?? [];
        const rows = Math.min(values[0]?.length ?? 0, 6);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: frames have no identity beyond their place
          <div key={i} className="frame">
            <h4>
              {frame.schema?.refId}: {frame.schema?.name ?? "(no name)"} ({values[0]?.length ?? 0}{" "}
              rows)
            </h4>
            <table>
              <thead>
                <tr>
                  {fields.map((field) => (
                    <th key={field.name}>{field.name}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: rows }, (_, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
                  <tr key={r}>
                    {values.map((column, c) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells are positions
                      <td key={c}>{cellText(column[r], fields[c]?.name)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}

function cellText(value: unknown, field: string | undefined): string {
  if (typeof value === "number" && /^time/i.test(field ?? "")) return new Date(value).toISOString();
  return value === null || value === undefined ? "null" : String(value);
}

const harness = {
  grafanaVersion,
  start(setup: Parameters<typeof startGrafana>[0]) {
    startGrafana(setup);
    document.title = `Grafana ${grafanaVersion} packages`;
    const heading = document.getElementById("grafana-version");
    if (heading) heading.textContent = `@grafana/* ${grafanaVersion}, React ${React.version}`;
  },
  load: (url: string) => loadPlugin(url),
  setVariables: (next: Variable[], filters: AdHocFilter[] = []) => setVariables(next, filters),
  renderConfig(initial: DataSourceSettings) {
    configOptions = initial;
    renderInto("config", <ConfigPage initial={initial} />);
  },
  config: () => configOptions,
  renderQuery(uid: string, initial: DataQuery, range: Range) {
    editedQuery = initial;
    lastRange = range;
    renderInto("editor", <QueryPage uid={uid} initial={initial} />);
  },
  editedQuery: () => editedQuery,
  queryRuns: () => queryRuns,
  runQuery,
  async findValues(uid: string, text: string) {
    return (await datasourceOf(uid).metricFindQuery?.(text, {})) ?? [];
  },
  tagKeys: (uid: string) => datasourceOf(uid).getTagKeys?.({ filters: [] } as never),
  tagValues: (uid: string, key: string) =>
    datasourceOf(uid).getTagValues?.({ key, filters: [] } as never),
  async testDatasource(uid: string) {
    try {
      return await datasourceOf(uid).testDatasource();
    } catch (thrown) {
      return { status: "error", message: (thrown as Error).message };
    }
  },
  /** A stored annotation through the datasource's annotation support, as Grafana runs it. */
  async annotations(uid: string, stored: Record<string, unknown>, range: Range): Promise<Answer> {
    const ds = datasourceOf(uid);
    const support = ds.annotations;
    const anno = (support?.prepareAnnotation?.(structuredClone(stored)) ??
      stored) as AnnotationQuery;
    renderInto("annotation", <AnnotationPage uid={uid} annotation={anno} />);
    const target = support?.prepareQuery?.(anno);
    if (!target) return { frames: [], errors: [{ message: "no annotation query" }] };
    return answerOf(toPromise(ds.query(request([target], range, {}))));
  },
  requests: () => sentRequests,
  liveSubscriptions: () => liveSubscriptions,
  /** Text through Grafana's template service, as a plugin's replace() call gets it. */
  replace: (text: string, format?: string) => getTemplateSrv().replace(text, {}, format),
};

(globalThis as unknown as { harness: typeof harness }).harness = harness;
