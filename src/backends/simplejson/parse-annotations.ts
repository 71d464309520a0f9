/**
 * An `/annotations` answer (`[{annotation, time, timeEnd?, title, text?, tags?}]`) as one frame
 * with meta.dataTopic "annotations", the fields Grafana reads annotations from.
 */
import { tableHint } from "../../adapters/frame-meta.js";
import { isPlainObject } from "../../json-object.js";
import type { Frame } from "../../model/frame.js";
import { kindOf, ShapeError } from "./parse-query.js";

interface Annotation {
  time: number;
  timeEnd: number | null;
  title: string;
  text: string;
  tags: string[];
}

export function annotationsFrame(value: unknown, refId: string): Frame {
  if (!Array.isArray(value))
    throw new ShapeError(`the answer must be an array of annotations, not ${kindOf(value)}`);
  const items = value.map((item: unknown, i) => annotationOf(item, `[${i}]`));
  const withEnd = items.some((a) => a.timeEnd !== null);
  return {
    refId,
    meta: { dataTopic: "annotations", ...tableHint },
    fields: [
      { name: "time", type: "time", nullable: false, values: items.map((a) => a.time) },
      ...(withEnd
        ? [
            {
              name: "timeEnd",
              type: "time" as const,
              nullable: true,
              values: items.map((a) => a.timeEnd),
            },
          ]
        : []),
      { name: "title", type: "string", nullable: false, values: items.map((a) => a.title) },
      { name: "text", type: "string", nullable: false, values: items.map((a) => a.text) },
      { name: "tags", type: "json", nullable: false, values: items.map((a) => a.tags) },
    ],
  };
}

function annotationOf(item: unknown, at: string): Annotation {
  if (!isPlainObject(item)) throw new ShapeError(`${at}: must be an object, not ${kindOf(item)}`);
  const time = timeOf(item.time, `${at}.time`);
  if (time === null) throw new ShapeError(`${at}.time: is required (epoch milliseconds)`);
  const tags = item.tags ?? [];
  return {
    time,
    timeEnd: timeOf(item.timeEnd, `${at}.timeEnd`),
    title: textOf(item.title, `${at}.title`),
    text: textOf(item.text, `${at}.text`),
    tags:
      typeof tags === "string"
        ? tags
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean)
        : tagList(tags, `${at}.tags`),
  };
}

function timeOf(value: unknown, at: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ShapeError(`${at}: must be epoch milliseconds as a number, not ${kindOf(value)}`);
  }
  return Math.trunc(value);
}

function textOf(value: unknown, at: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw new ShapeError(`${at}: must be a string, not ${kindOf(value)}`);
}

function tagList(value: unknown, at: string): string[] {
  if (!Array.isArray(value))
    throw new ShapeError(`${at}: must be an array of strings, not ${kindOf(value)}`);
  return value.map((tag: unknown) => String(tag));
}
