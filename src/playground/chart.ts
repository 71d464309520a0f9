/**
 * A Plot drawn with uPlot (the chart library of Grafana's own panels): one line per PlotLine,
 * a legend naming each, times in UTC, redrawn at the width of its container.
 */
import uPlot from "uplot";
import type { Plot, PlotLine } from "../replay/report-types.js";
import { h } from "./dom.js";

/** Grafana's classic series colours. */
const palette = [
  "#7eb26d",
  "#eab839",
  "#6ed0e0",
  "#ef843c",
  "#e24d42",
  "#1f78c1",
  "#ba43a9",
  "#705da0",
];
const roleColours = { expected: "#1f78c1", actual: "#e24d42" } as const;

/** Draws `plot` into `container` (emptied first); the chart follows the container's width. */
export function drawPlot(container: HTMLElement, plot: Plot): uPlot {
  container.replaceChildren();
  const height = () => (window.innerWidth < 600 ? 200 : 280);
  const width = () => Math.max(240, container.clientWidth);
  const columns = plot.lines.length;
  const chart = new uPlot(
    {
      width: width(),
      height: height(),
      ms: 1,
      tzDate: (ms) => uPlot.tzDate(new Date(ms), "Etc/UTC"),
      scales: { x: { time: plot.time } },
      axes: [
        plot.time ? { stroke: "#555", values: timeTicks } : { stroke: "#555" },
        { stroke: "#555", size: axisWidth },
      ],
      series: [
        plot.time
          ? { label: "time (UTC)", value: "{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}" }
          : { label: "row" },
        ...plot.lines.map((line, i) => lineOptions(line, i, columns)),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    },
    [plot.x as number[], ...plot.lines.map((l) => l.values as (number | null)[])],
    container,
  );
  const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: height() }));
  observer.observe(container);
  return chart;
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * One row of uPlot's time tick table: the smallest step it is for (ms), the tick's format,
 * and what goes under a tick where the year, the day or the minute changes (1: below the
 * tick's own text; the month, hour and second add nothing).
 */
function tickRow(
  step: number,
  format: string,
  newYear: string | null,
  newDay: string | null = null,
  newMinute: string | null = null,
): (string | number | null)[] {
  return [step, format, newYear, null, newDay, null, newMinute, null, 1];
}

/** Time ticks on Grafana's 24-hour clock (uPlot's own are 12-hour). */
const timeTicks: uPlot.Axis.TimeValuesConfig = [
  tickRow(365 * day, "{YYYY}", null),
  tickRow(28 * day, "{MMM}", "\n{YYYY}"),
  tickRow(day, "{MM}-{DD}", "\n{YYYY}"),
  tickRow(hour, "{HH}:{mm}", "\n{YYYY}-{MM}-{DD}", "\n{MM}-{DD}"),
  tickRow(minute, "{HH}:{mm}", "\n{YYYY}-{MM}-{DD}", "\n{MM}-{DD}"),
  tickRow(second, ":{ss}", "\n{YYYY}-{MM}-{DD} {HH}:{mm}", "\n{MM}-{DD} {HH}:{mm}", "\n{HH}:{mm}"),
  tickRow(1, ":{ss}.{fff}", "\n{YYYY}-{MM}-{DD} {HH}:{mm}", "\n{MM}-{DD} {HH}:{mm}", "\n{HH}:{mm}"),
];

/** Room for the widest tick label of the y axis (uPlot's default cuts long numbers). */
function axisWidth(_u: uPlot, values: string[] | null): number {
  const longest = Math.max(3, ...(values ?? []).map((v) => String(v).length));
  return Math.min(140, 16 + longest * 7);
}

function lineOptions(line: PlotLine, i: number, count: number): uPlot.Series {
  // Expected and actual come in pairs: one colour per pair, the actual line dashed.
  const colour = line.role
    ? count > 2
      ? (palette[Math.floor(i / 2) % palette.length] as string)
      : roleColours[line.role]
    : (palette[i % palette.length] as string);
  return {
    label: line.label,
    stroke: colour,
    width: line.role === "actual" ? 2 : 1.5,
    ...(line.role === "actual" ? { dash: [6, 4] } : {}),
    points: { show: line.values.length <= 60 },
    value: (_u, v) => (v === null || v === undefined ? "—" : String(v)),
  };
}

/** A box shown where a chart would be, for an error or for an answer with nothing to draw. */
export function chartNote(kind: "error" | "empty", ...lines: readonly string[]): HTMLElement {
  return h(
    "div",
    { class: `chart-note ${kind}`, role: kind === "error" ? "alert" : "status" },
    ...lines.map((l, i) => h(i === 0 ? "strong" : "p", {}, l)),
  );
}
