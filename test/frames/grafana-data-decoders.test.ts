/**
 * Our encoders' output read by Grafana's own frontend decoders: @grafana/data 7.5.17's
 * arrowTableToDataFrame (apache-arrow 0.16, as Grafana 7 read plugin responses) and current
 * @grafana/data's dataFrameFromJSON (as Grafana 8+ frontends read /api/ds/query).
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { frameToArrow } from "../../src/frames/arrow/frames.js";
import { framesToJSON, frameToJSON } from "../../src/frames/json/frames.js";
import type { Field, Frame } from "../../src/model/frame.js";
import { quietly } from "../conformance/grafana-frontend.js";
import { allTypesFrame, seriesFrames } from "./sample-frames.js";

interface Vector {
  readonly length: number;
  get(index: number): unknown;
}
interface DecodedField {
  name: string | null;
  type: string;
  values: Vector | unknown[];
  labels?: Record<string, string>;
  config: Record<string, unknown>;
  nanos?: number[];
}
interface DecodedFrame {
  name?: string;
  refId?: string;
  meta?: unknown;
  length: number;
  fields: DecodedField[];
}

const require = createRequire(import.meta.url);
const grafana7 = require("grafana-data-7") as {
  base64StringToArrowTable(text: string): unknown;
  arrowTableToDataFrame(table: unknown): DecodedFrame;
};
const grafana = require("@grafana/data") as { dataFrameFromJSON(dto: unknown): DecodedFrame };

const frontendType: Record<Field["type"], string> = {
  time: "time",
  int8: "number",
  int16: "number",
  int32: "number",
  int64: "number",
  uint8: "number",
  uint16: "number",
  uint32: "number",
  uint64: "number",
  float32: "number",
  float64: "number",
  string: "string",
  bool: "boolean",
  json: "other",
  enum: "enum",
};

function valuesOf(decoded: DecodedField): unknown[] {
  const values = decoded.values;
  if (Array.isArray(values)) return values;
  return Array.from({ length: values.length }, (_, i) => values.get(i));
}

function readWithGrafana7(frame: Frame): DecodedFrame {
  const base64 = Buffer.from(frameToArrow(frame)).toString("base64");
  return quietly(() => grafana7.arrowTableToDataFrame(grafana7.base64StringToArrowTable(base64)));
}

function expectedNumber(value: unknown, nanos: number): unknown {
  if (value === null) return null;
  if (typeof value === "bigint") return Number(value);
  return nanos === 0 ? value : (value as number) + nanos / 1e6;
}

describe("@grafana/data 7.5.17 arrowTableToDataFrame reads frameToArrow output", () => {
  it("every field type, with names, labels, config, meta and nulls", () => {
    const frame = allTypesFrame();
    const decoded = readWithGrafana7(frame);
    assert.equal(decoded.name, frame.name);
    assert.equal(decoded.refId, frame.refId);
    assert.deepStrictEqual(decoded.meta, frame.meta);
    assert.equal(decoded.length, 5);
    frame.fields.forEach((field, f) => {
      const got = decoded.fields[f]!;
      const at = `field ${f}`;
      assert.equal(got.name ?? "", field.name, at); // apache-arrow 0.16 reads "" as null
      const type = field.type === "enum" ? "number" : frontendType[field.type];
      assert.equal(got.type, type, at);
      assert.deepStrictEqual(got.labels, field.labels, at);
      assert.deepStrictEqual(got.config, field.config ?? {}, at);
      const values = valuesOf(got);
      Array.from(field.values as ArrayLike<unknown>).forEach((value, row) => {
        const actual = values[row] ?? null;
        if (field.type === "json") {
          const text = actual === null ? null : new TextDecoder().decode(actual as Uint8Array);
          assert.equal(text, value === null && field.nullable ? null : JSON.stringify(value), at);
        } else if (field.type === "time" && value !== null) {
          const expected = expectedNumber(value, field.nanos?.[row] ?? 0) as number;
          assert.ok(
            Math.abs((actual as number) - expected) <= Math.abs(expected) * 1e-15 + 1e-6,
            at,
          );
        } else if (typeof value === "number" || typeof value === "bigint") {
          assert.deepStrictEqual(actual, expectedNumber(value, 0), `${at} row ${row}`);
        } else {
          assert.deepStrictEqual(actual, value, `${at} row ${row}`);
        }
      });
    });
  });

  it("time series built from typed arrays, and zero-row frames", () => {
    const [series] = seriesFrames(1, 1000);
    const decoded = readWithGrafana7(series!);
    assert.deepStrictEqual(valuesOf(decoded.fields[0]!), Array.from(series!.fields[0]!.values));
    assert.deepStrictEqual(valuesOf(decoded.fields[1]!), Array.from(series!.fields[1]!.values));
    assert.deepStrictEqual(decoded.fields[1]!.labels, { series: "0" });
    const empty = readWithGrafana7({
      refId: "B",
      fields: [{ name: "t", type: "time", nullable: false, values: [] }],
    });
    assert.equal(empty.length, 0);
    assert.equal(empty.fields[0]!.type, "time");
  });
});

describe("@grafana/data dataFrameFromJSON reads frameToJSON output", () => {
  it("every field type, with entities, nanos, labels, config and meta", () => {
    const frame = allTypesFrame();
    const decoded = grafana.dataFrameFromJSON(JSON.parse(frameToJSON(frame)));
    assert.equal(decoded.name, frame.name);
    assert.equal(decoded.refId, frame.refId);
    assert.deepStrictEqual(decoded.meta, frame.meta);
    assert.equal(decoded.length, 5);
    frame.fields.forEach((field, f) => {
      const got = decoded.fields[f]!;
      const at = `field ${f}`;
      assert.equal(got.name ?? "", field.name, at);
      assert.equal(got.type, frontendType[field.type], at);
      assert.deepStrictEqual(got.labels, field.labels, at);
      assert.deepStrictEqual(got.config, field.config ?? {}, at);
      const nanos = field.nanos === undefined ? undefined : Array.from(field.nanos);
      assert.deepStrictEqual(got.nanos, nanos, at);
      // JSON.parse rounds integers beyond 2^53 exactly as Number(bigint) does.
      const expected = Array.from(field.values as ArrayLike<unknown>, (v) =>
        typeof v === "bigint" ? Number(v) : v,
      );
      // float32 travels as its shortest decimal ("0.1"), which reads back to the same float32.
      const actual = valuesOf(got).map((v) =>
        field.type === "float32" && typeof v === "number" ? Math.fround(v) : v,
      );
      assert.deepStrictEqual(actual, expected, at);
    });
  });

  it("a frames list, as /api/ds/query carries it", () => {
    const frames = seriesFrames(3, 50);
    const decoded = (JSON.parse(framesToJSON(frames)) as unknown[]).map(grafana.dataFrameFromJSON);
    assert.equal(decoded.length, 3);
    decoded.forEach((frame, i) => {
      assert.equal(frame.name, `series ${i}`);
      assert.deepStrictEqual(valuesOf(frame.fields[1]!), Array.from(frames[i]!.fields[1]!.values));
    });
  });
});
