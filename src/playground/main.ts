/**
 * The playground page: pick a datasource of the gateway, write a query, pick a time range in
 * Grafana's relative syntax, run it through both /api/ds/query and /api/tsdb/query, and see
 * either answer as a uPlot chart and tables, or each query's error where its chart would be.
 */
import { messageOf } from "../errors.js";
import { parseTime } from "../time/time-range.js";
import { dsAnswerView } from "./answer-ds.js";
import { tsdbAnswerView } from "./answer-tsdb.js";
import type { AnswerView, QueryView } from "./answer-view.js";
import { chartNote, drawPlot } from "./chart.js";
import { byId, h, timeText } from "./dom.js";
import { type Called, callGateway, savedToken, saveToken } from "./gateway-api.js";
import { gridTable } from "./grid.js";

interface Datasource {
  readonly id: number;
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly isDefault?: boolean;
  readonly grafanaShim?: { readonly handler?: string };
}

type Shape = "ds" | "tsdb";

interface Run {
  readonly request: Record<Shape, unknown>;
  readonly answer: Record<Shape, Called>;
}

const el = {
  about: byId("about"),
  tokenForm: byId<HTMLFormElement>("token-form"),
  tokenWhy: byId("token-why"),
  token: byId<HTMLInputElement>("token"),
  tokenForget: byId<HTMLButtonElement>("token-forget"),
  form: byId<HTMLFormElement>("query-form"),
  datasource: byId<HTMLSelectElement>("datasource"),
  from: byId<HTMLInputElement>("from"),
  to: byId<HTMLInputElement>("to"),
  quick: byId<HTMLSelectElement>("quick"),
  metricField: byId("metric-field"),
  metric: byId<HTMLSelectElement>("metric"),
  query: byId<HTMLTextAreaElement>("query"),
  problem: byId("form-problem"),
  run: byId<HTMLButtonElement>("run"),
  rangeText: byId("range-text"),
  results: byId("results"),
  rawRequest: byId("raw-request"),
  rawAnswer: byId("raw-answer"),
};

let handler = "";
let datasources: Datasource[] = [];
/** The editor's text as the page last wrote it: replaced on a datasource change unless edited. */
let defaultQuery = "";
let lastRun: Run | undefined;

/** Raw answers longer than this are cut in the JSON view. */
const rawLimit = 200_000;

function selected(): Datasource | undefined {
  return datasources.find((d) => d.uid === el.datasource.value);
}

function shape(): Shape {
  const checked = document.querySelector<HTMLInputElement>('input[name="shape"]:checked');
  return checked?.value === "tsdb" ? "tsdb" : "ds";
}

function isSimpleJson(ds: Datasource | undefined): boolean {
  return (ds?.grafanaShim?.handler ?? handler) === "simplejson";
}

function showProblem(text: string): void {
  el.problem.textContent = text;
  el.problem.hidden = text === "";
}

function askForToken(why: string): void {
  el.tokenWhy.textContent = why;
  el.tokenForm.hidden = false;
  el.token.focus();
}

async function start(): Promise<void> {
  const health = await callGateway("GET", "/api/health").catch(() => undefined);
  const body = health?.body as { handler?: string; version?: string } | undefined;
  handler = body?.handler ?? "";
  el.about.textContent = `handler "${handler}" · grafana-shim ${body?.version ?? "?"}`;
  el.tokenForm.hidden = savedToken() === "";
  await loadDatasources();
}

async function loadDatasources(): Promise<void> {
  const answer = await callGateway("GET", "/api/datasources");
  if (answer.status === 401) {
    askForToken("This gateway asks for its token (GRAFANA_SHIM_HTTP_TOKEN) before it answers.");
    return;
  }
  if (answer.status !== 200 || !Array.isArray(answer.body)) {
    el.results.replaceChildren(
      chartNote("error", `GET /api/datasources answered ${answer.status}`, answer.text),
    );
    return;
  }
  datasources = answer.body as Datasource[];
  el.datasource.replaceChildren(
    ...datasources.map((d) =>
      h("option", { value: d.uid }, `${d.name} (uid ${d.uid}, id ${d.id})`),
    ),
  );
  const preferred = datasources.find((d) => d.isDefault) ?? datasources[0];
  if (preferred) el.datasource.value = preferred.uid;
  await datasourceChanged();
  await run();
}

async function datasourceChanged(): Promise<void> {
  const ds = selected();
  const simpleJson = isSimpleJson(ds);
  el.metricField.hidden = !simpleJson;
  const metrics = simpleJson && ds ? await loadMetrics(ds) : [];
  if (el.query.value === defaultQuery) {
    defaultQuery = JSON.stringify(defaultQueryOf(ds, metrics[0]), null, 2);
    el.query.value = defaultQuery;
  }
}

function defaultQueryOf(ds: Datasource | undefined, metric: string | undefined): object {
  if (isSimpleJson(ds)) return { refId: "A", target: metric ?? "", type: "timeserie" };
  if (handler === "demo") return { refId: "A", series: 2, format: "time_series" };
  return { refId: "A" };
}

/** The metric names the Simple JSON server's /search gives, through the gateway's resources. */
async function loadMetrics(ds: Datasource): Promise<string[]> {
  el.metric.replaceChildren(h("option", { value: "" }, "loading /search …"));
  const path = `/api/datasources/uid/${encodeURIComponent(ds.uid)}/resources/search` as const;
  const answer = await callGateway("POST", path, { target: "" }).catch((e: Error) => ({
    status: 0,
    body: { message: e.message },
    text: "",
    ms: 0,
  }));
  if (answer.status !== 200 || !Array.isArray(answer.body)) {
    const message = (answer.body as { message?: string } | undefined)?.message ?? answer.text;
    el.metric.replaceChildren(h("option", { value: "" }, `/search failed: ${message}`));
    return [];
  }
  const names = answer.body.map((m: unknown) =>
    typeof m === "object" && m !== null
      ? String((m as { value?: unknown; text?: unknown }).value ?? (m as { text?: unknown }).text)
      : String(m),
  );
  el.metric.replaceChildren(
    h("option", { value: "" }, `pick one of ${names.length} metrics`),
    ...names.map((n) => h("option", { value: n }, n)),
  );
  return names;
}

/** The picked metric as the first query's `target`, the rest of the editor kept. */
function metricPicked(): void {
  const metric = el.metric.value;
  if (!metric) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(el.query.value || "{}");
  } catch (e) {
    showProblem(`The query is not JSON (${messageOf(e)}): fix it to pick a metric.`);
    return;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const first = (typeof list[0] === "object" && list[0] !== null ? list[0] : {}) as Record<
    string,
    unknown
  >;
  list[0] = { refId: "A", type: "timeserie", ...first, target: metric };
  el.query.value = JSON.stringify(Array.isArray(parsed) ? list : list[0], null, 2);
  showProblem("");
}

/** The editor's queries, each with a refId; a message when they cannot be read. */
function queriesOf(text: string): Record<string, unknown>[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return `The query is not JSON: ${messageOf(e)}`;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) return "Write at least one query.";
  if (!list.every((q) => typeof q === "object" && q !== null && !Array.isArray(q)))
    return 'Each query is a JSON object (the query model), such as {"refId": "A"}.';
  return list.map((q, i) => ({ refId: String.fromCharCode(65 + (i % 26)), ...(q as object) }));
}

async function run(): Promise<void> {
  const ds = selected();
  if (!ds) return;
  const nowMs = Date.now();
  const fromMs = parseTime(el.from.value.trim(), { nowMs, roundUp: false });
  const toMs = parseTime(el.to.value.trim(), { nowMs, roundUp: true });
  const queries = queriesOf(el.query.value);
  const problem =
    fromMs === undefined
      ? `From: cannot read "${el.from.value}" (now-6h, now/d, 2d, epoch milliseconds …)`
      : toMs === undefined
        ? `To: cannot read "${el.to.value}" (now, now-1h, now/d …)`
        : typeof queries === "string"
          ? queries
          : "";
  showProblem(problem);
  if (problem || fromMs === undefined || toMs === undefined || typeof queries === "string") return;
  el.rangeText.textContent = `${timeText(fromMs)} → ${timeText(toMs)}`;
  // One instant for both shapes, sent as epoch milliseconds as Grafana's frontend sends it.
  const range = { from: String(fromMs), to: String(toMs) };
  const request = {
    ds: {
      ...range,
      queries: queries.map((q) => ({ ...q, datasource: { uid: ds.uid, type: ds.type } })),
    },
    tsdb: { ...range, queries: queries.map((q) => ({ ...q, datasourceId: ds.id })) },
  };
  el.results.dataset.state = "running";
  el.run.disabled = true;
  try {
    const [dsAnswer, tsdbAnswer] = await Promise.all([
      callGateway("POST", "/api/ds/query", request.ds),
      callGateway("POST", "/api/tsdb/query", request.tsdb),
    ]);
    lastRun = { request, answer: { ds: dsAnswer, tsdb: tsdbAnswer } };
    render();
  } catch (e) {
    el.results.replaceChildren(chartNote("error", "The gateway did not answer", String(e)));
    el.results.dataset.state = "failed";
  } finally {
    el.run.disabled = false;
  }
}

function render(): void {
  if (!lastRun) return;
  const which = shape();
  const called = lastRun.answer[which];
  el.rawRequest.textContent = JSON.stringify(lastRun.request[which], null, 2);
  el.rawAnswer.textContent =
    called.text.length > rawLimit ? `${called.text.slice(0, rawLimit)}\n…` : pretty(called);
  if (called.status === 401) askForToken("The gateway refused the query: give its token.");
  const view =
    which === "ds"
      ? dsAnswerView(called.status, called.body)
      : tsdbAnswerView(called.status, called.body);
  const path = which === "ds" ? "/api/ds/query" : "/api/tsdb/query";
  const head = h(
    "p",
    { class: "answer-head muted" },
    `POST ${path} → ${called.status} in ${called.ms.toFixed(0)} ms`,
  );
  el.results.replaceChildren(head, ...answerParts(view));
  el.results.dataset.state = "done";
  el.results.dataset.shape = which;
}

function pretty(called: Called): string {
  return called.body === undefined ? called.text : JSON.stringify(called.body, null, 2);
}

function answerParts(view: AnswerView): HTMLElement[] {
  if (view.message !== undefined) {
    return [
      chartNote("error", `The request failed (${view.status}): ${view.message}`, ...view.problems),
    ];
  }
  if (view.queries.length === 0) return [chartNote("empty", "The answer holds no results.")];
  return view.queries.map(queryPart);
}

function queryPart(q: QueryView): HTMLElement {
  const section = h(
    "section",
    { class: "query", "data-ref-id": q.refId },
    h("h2", {}, `Query ${q.refId}`),
  );
  if (q.error) {
    section.append(
      chartNote("error", q.error.message, ...(q.error.detail ? [q.error.detail] : [])),
    );
  } else if (q.plot) {
    const chart = h("div", { class: "chart" });
    section.append(chart);
    // Drawn once in the page, so that uPlot measures the width it really has.
    requestAnimationFrame(() => drawPlot(chart, q.plot as NonNullable<QueryView["plot"]>));
  } else if (q.grids.length === 0) {
    section.append(chartNote("empty", "Nothing to draw", ...q.notes));
  }
  for (const { title, grid } of q.grids) section.append(gridTable(grid, title));
  if (q.grids.length > 0)
    for (const note of q.notes) section.append(h("p", { class: "muted" }, note));
  return section;
}

el.form.addEventListener("submit", (event) => {
  event.preventDefault();
  void run();
});
el.query.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void run();
  }
});
el.datasource.addEventListener("change", () => void datasourceChanged());
el.metric.addEventListener("change", metricPicked);
el.quick.addEventListener("change", () => {
  const [from, to] = el.quick.value.split("|");
  if (from && to) {
    el.from.value = from;
    el.to.value = to;
    el.quick.value = "";
    void run();
  }
});
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="shape"]'))
  radio.addEventListener("change", render);
el.tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  saveToken(el.token.value.trim());
  el.token.value = "";
  el.tokenWhy.textContent = "Token kept for this tab.";
  void loadDatasources();
});
el.tokenForget.addEventListener("click", () => {
  saveToken("");
  el.tokenWhy.textContent = "Token forgotten.";
});

void start();
