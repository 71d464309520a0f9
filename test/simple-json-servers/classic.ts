/**
 * A Simple JSON server written from grafana/simple-json-datasource's README: GET /, /search
 * (array or text/value map), /query (timeserie and table targets), /annotations, /tag-keys
 * and /tag-values. Data is deterministic, so every protocol can be compared.
 */
import { pointsOf, type RunningServer, serveJson, stepOf, timeOf } from "./serve.js";

export const metrics = ["upper_25", "upper_50", "upper_75", "upper_90", "upper_95"];

interface QueryBody {
  range: { from: string; to: string };
  intervalMs?: number;
  maxDataPoints?: number;
  targets: { target: string; refId: string; type?: string }[];
}

export function startClassicServer(): Promise<RunningServer> {
  return serveJson({
    "GET /": () => "OK",
    "POST /search": (body) => {
      const target = (body as { target?: string } | undefined)?.target ?? "";
      if (target === "map") return metrics.map((text, i) => ({ text, value: i + 1 }));
      return metrics.filter((m) => m.includes(target));
    },
    "POST /query": (raw) => {
      const body = raw as QueryBody;
      const from = timeOf(body.range.from);
      const to = timeOf(body.range.to);
      const step = stepOf(body, from, to);
      return body.targets.map((t) =>
        t.type === "table"
          ? {
              type: "table",
              columns: [
                { text: "Time", type: "time" },
                { text: "Country", type: "string" },
                { text: "Number", type: "number" },
              ],
              rows: [
                [from, "SE", 123.25],
                [from + step, "DE", null],
                [from + 2 * step, "US", -321.5],
              ],
            }
          : { target: t.target, datapoints: pointsOf(t.target, from, to, step) },
      );
    },
    "POST /annotations": (raw) => {
      const body = raw as { range: { from: string }; annotation: { query: string } };
      const from = timeOf(body.range.from);
      return [
        {
          annotation: body.annotation,
          time: from + 60_000,
          title: "deploy",
          tags: ["prod", "api"],
          text: body.annotation.query,
        },
        {
          annotation: body.annotation,
          time: from + 120_000,
          title: "rollback",
          tags: "prod, db",
          text: "",
        },
      ];
    },
    "POST /tag-keys": () => [
      { type: "string", text: "City" },
      { type: "string", text: "Country" },
    ],
    "POST /tag-values": (body) =>
      (body as { key?: string }).key === "City"
        ? [{ text: "Eins!" }, { text: "Zwei" }, { text: "Drei!" }]
        : [],
  });
}
