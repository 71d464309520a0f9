/**
 * A server written from simPod/GrafanaJsonDatasource's openapi.yaml and README (0.6.x): GET /,
 * /metrics, /metric-payload-options, /query with `payload` (one target may answer several
 * series), /variable, /tag-keys, /tag-values; no /search and no /annotations.
 */
import { pointsOf, type RunningServer, serveJson, stepOf, timeOf } from "./serve.js";

interface QueryBody {
  range: { from: string; to: string };
  intervalMs?: number;
  maxDataPoints?: number;
  targets: { target: string; refId?: string; payload?: { directions?: string[] } }[];
  adhocFilters?: unknown[];
}

export function startSimpodServer(): Promise<RunningServer> {
  return serveJson({
    "GET /": () => "",
    "POST /metrics": () => [
      {
        label: "Packets",
        value: "packets",
        payloads: [
          {
            label: "Direction",
            name: "directions",
            type: "multi-select",
            options: [{ value: "in" }, { value: "out" }],
          },
        ],
      },
      { value: "errors", payloads: [] },
    ],
    "POST /metric-payload-options": (body) =>
      (body as { name?: string }).name === "directions"
        ? [
            { label: "Inbound", value: "in" },
            { label: "Outbound", value: "out" },
          ]
        : [],
    "POST /query": (raw) => {
      const body = raw as QueryBody;
      const from = timeOf(body.range.from);
      const to = timeOf(body.range.to);
      const step = stepOf(body, from, to);
      return body.targets.flatMap((t): unknown[] => {
        if (t.target === "table") {
          return [
            {
              type: "table",
              columns: [
                { text: "Host", type: "string" },
                { text: "Load", type: "number" },
                { text: "Up" },
              ],
              rows: [
                ["a", 0.25, true],
                ["b", 1.5, false],
              ],
            },
          ];
        }
        const directions = t.payload?.directions ?? ["in", "out"];
        return directions.map((d) => ({
          target: `${t.target} ${d}`,
          datapoints: pointsOf(`${t.target} ${d}`, from, to, step),
        }));
      });
    },
    "POST /variable": (body) => {
      const target = (body as { payload?: { target?: string } }).payload?.target;
      return target === "systems"
        ? [
            { __text: "Label 1", __value: "Value1" },
            { __text: "Label 2", __value: "Value2" },
          ]
        : [];
    },
    "POST /tag-keys": () => [{ type: "string", text: "Host" }],
    "POST /tag-values": () => [{ text: "a" }, { text: "b" }],
  });
}
